import Foundation
import Testing

@testable import ZooRegistryGenerator

/// registry.json that is not the right shape is rejected with the place and the fix.
@Suite struct DecodingTests {
    @Test func decodesTheDocumentedShape() throws {
        let json = """
            { "modules": [ { "name": "ZooRidge", "summary": "Ridge regression",
                             "components": [ { "kind": "estimator", "name": "ridge", "summary": "ridge" } ] } ] }
            """
        let configuration = try decode(json).get()
        #expect(
            configuration
                == RegistryConfiguration(modules: [
                    ModuleEntry(
                        name: "ZooRidge", summary: "Ridge regression",
                        components: [ComponentEntry(kind: "estimator", name: "ridge", summary: "ridge")])
                ]))
    }

    @Test func syntaxErrorsGiveLineAndColumn() {
        let error = decodingError("{\n  \"modules\": [\n    }\n}")
        guard case .malformedJSON(let reason)? = error else {
            Issue.record("expected malformedJSON, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("line 3"))
        #expect(error?.description.hasPrefix("registry.json: not valid JSON: ") == true)
    }

    @Test func missingFieldsAreNamedWithTheirPlace() {
        let json = """
            { "modules": [ { "name": "ZooRidge", "summary": "s", "components": [ { "kind": "estimator", "name": "ridge" } ] } ] }
            """
        #expect(
            decodingError(json)
                == .missingField(
                    path: "modules[0].components[0]", field: "summary",
                    required: ["kind", "name", "summary"]))
        #expect(decodingError("{}") == .missingField(path: "the top level", field: "modules", required: ["modules"]))
        #expect(
            decodingError(#"{ "modules": [ { "name": "ZooRidge", "components": [] } ] }"#)
                == .missingField(path: "modules[0]", field: "summary", required: ["name", "summary", "components"]))
    }

    @Test func misspeltFieldsAreRejected() {
        let json = """
            { "modules": [ { "name": "ZooRidge", "summary": "s", "components": [ { "kind": "estimator", "name": "ridge", "summary": "s", "sumary": "t" } ] } ] }
            """
        let error = decodingError(json)
        #expect(
            error
                == .unknownField(
                    path: "modules[0].components[0]", field: "sumary", allowed: ["kind", "name", "summary"]))
        #expect(error?.description.contains("remove it or correct the spelling") == true)
        #expect(
            decodingError(#"{ "modules": [], "module": [] }"#)
                == .unknownField(path: "the top level", field: "module", allowed: ["modules"]))
    }

    @Test func wrongTypesSayWhatIsExpected() {
        #expect(decodingError("[]") == .wrongType(path: "the top level", expected: "an object"))
        #expect(decodingError(#"{ "modules": {} }"#) == .wrongType(path: "modules", expected: "an array"))
        #expect(
            decodingError(#"{ "modules": [ { "name": 3, "summary": "s", "components": [] } ] }"#)
                == .wrongType(path: "modules[0].name", expected: "a string"))
        #expect(
            decodingError(#"{ "modules": [ { "name": null, "summary": "s", "components": [] } ] }"#)
                == .wrongType(path: "modules[0].name", expected: "a string"))
    }

    @Test func aMissingFileSaysWhereItWasLookedFor() {
        let path = "/nonexistent/registry.json"
        #expect(throws: RegistryError.fileNotFound(path: path)) { try RegistryConfiguration.load(from: path) }
    }
}
