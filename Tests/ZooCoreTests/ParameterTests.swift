import Testing
import ZooCore

@Suite struct ParameterTests {
    enum Norm: String, ParameterChoice { case l2, linf }
    static let lambda = ParameterKey<Double>("lambda", .real(minimum: 0), default: 0.01, "penalty")
    static let steps = ParameterKey<Int>("steps", .integer(minimum: 1, maximum: 1000), default: 50, "iterations")
    static let norm = ParameterKey<Norm>("norm", default: .l2, "ball")
    static let path = ParameterKey<String>("path", .text, default: nil, "file")
    static let declarations = [lambda.spec, steps.spec, norm.spec, path.spec]

    @Test func keysDeclareWhatTheySay() {
        #expect(Self.lambda.spec == ParameterSpec("lambda", .real(minimum: 0), default: .number(0.01), "penalty"))
        #expect(Self.steps.spec.defaultValue == .number(50))
        #expect(Self.norm.spec == ParameterSpec("norm", .choice(["l2", "linf"]), default: .word("l2"), "ball"))
        #expect(Self.path.spec.defaultValue == nil)
        let argument = Self.norm.argument(.linf)
        #expect(argument.key == "norm" && argument.value == .word("linf"))
    }

    @Test func fillsDefaultsInDeclarationOrder() throws {
        let p = try Parameters.resolve(
            [("path", .word("x.csv")), ("steps", .number(3))], against: Self.declarations, component: "demo")
        #expect(p.values.map(\.name) == ["lambda", "steps", "norm", "path"])
        #expect(p[Self.lambda] == 0.01 && p[Self.steps] == 3 && p[Self.norm] == .l2 && p[Self.path] == "x.csv")
        #expect(p.canonicalSpec(name: "demo") == "demo(lambda=0.01,steps=3,norm=l2,path=x.csv)")
    }

    @Test func unknownKeySuggestsTheClosest() {
        do {
            _ = try Parameters.resolve(
                [("lamda", .number(1)), ("path", .word("p"))], against: Self.declarations, component: "demo")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("did you mean 'lambda'"))
            #expect(error.isUsageError)
        }
    }

    @Test(arguments: [
        ("lambda", ParameterValue.number(-1), "≥ 0"),
        ("steps", .number(2.5), "whole number"),
        ("steps", .number(0), "in [1, 1000]"),
        ("norm", .word("l3"), "one of l2, linf"),
        ("lambda", .word("big"), "must be real"),
    ])
    func rejectsOutOfRange(_ key: String, _ value: ParameterValue, _ fragment: String) {
        do {
            _ = try Parameters.resolve(
                [(key, value), ("path", .word("p"))], against: Self.declarations, component: "demo")
            Issue.record("expected an error for \(key)=\(value)")
        } catch {
            #expect(error.description.contains(fragment), "\(error.description)")
        }
    }

    @Test func missingRequiredAndRepeatedKeys() {
        #expect(throws: ZooError.self) { try Parameters.resolve([], against: Self.declarations, component: "demo") }
        #expect(throws: ZooError.self) {
            try Parameters.resolve(
                [("path", .word("a")), ("path", .word("b"))], against: Self.declarations, component: "demo")
        }
    }

    @Test func suggestionsRankByDistance() {
        #expect(Suggestions.closest(to: "rdge", among: ["ridge", "min-norm", "exact-l2"]) == ["ridge"])
        #expect(Suggestions.closest(to: "minnorm", among: ["ridge", "min-norm"]).first == "min-norm")
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
        #expect(Suggestions.editDistance("lsit", "list") == 1, "an adjacent swap is one edit")
        #expect(Suggestions.closest(to: "lsit", among: ["list", "fit", "run"]) == ["list"])
    }
}

// MARK: - Seeds keyed on values

extension ParameterTests {
    @Test func stableHashFollowsValuesNotTheirSpelling() throws {
        func hash(_ arguments: [(key: String, value: ParameterValue)]) throws -> UInt64 {
            try Parameters.resolve(
                arguments + [("path", .word("x.csv"))], against: Self.declarations, component: "demo"
            )
            .stableHash(name: "demo")
        }
        let spelled = try hash([("lambda", ParameterValue(parsing: "1e-1"))])
        #expect(spelled == (try hash([("lambda", ParameterValue(parsing: "0.100"))])))
        #expect(try hash([("lambda", .number(0))]) == (try hash([("lambda", .number(-0.0))])))
        // Every value and the name take part; the same values under another name differ.
        #expect(spelled != (try hash([("lambda", .number(0.2))])))
        #expect(spelled != (try hash([("lambda", .number(0.1)), ("norm", .word("linf"))])))
        let p = try Parameters.resolve([("path", .word("x.csv"))], against: Self.declarations, component: "demo")
        #expect(p.stableHash(name: "demo") != p.stableHash(name: "omed"))
        // Fixed across runs, processes and platforms (the value was computed independently, in Python, from
        // FNV-1a, SplitMix64's finaliser and StableHash.combine): a change here changes every attack seed.
        #expect(p.stableHash(name: "demo") == 0x5c29_3d7f_15bf_5eed)
    }
}
