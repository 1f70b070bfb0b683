import Foundation
import Testing

@testable import ZooRegistryGenerator

/// registry.json that is not the right shape is rejected with the place and the fix.
@Suite struct DecodingTests {
    @Test func decodesTheDocumentedShape() throws {
        let json = """
            { "modules": [ { "name": "ZooRidge", "summary": "Ridge regression", "components": [
                { "kind": "estimator", "name": "ridge", "type": "RidgeRegression", "summary": "ridge" } ] } ] }
            """
        let component = RegistryFile.Component(
            kind: "estimator", name: "ridge", type: "RidgeRegression", summary: "ridge")
        #expect(
            try RegistryFile.decode(Data(json.utf8))
                == RegistryFile(modules: [.init(name: "ZooRidge", summary: "Ridge regression", components: [component])]
                ))
    }

    @Test func syntaxErrorsGiveLineAndColumn() throws {
        let error = try #require(decodingError("{\n  \"modules\": [\n    }\n}"))
        #expect(error.hasPrefix("registry.json: not valid JSON: "))
        #expect(error.contains("(line 3, column "), "\(error)")
    }

    @Test func missingFieldsAreNamedWithTheirPlace() {
        #expect(
            decodingError(
                #"{ "modules": [ { "name": "M", "summary": "s", "components": [ { "kind": "estimator", "name": "r", "type": "R" } ] } ] }"#
            )
                == #"registry.json: modules[0].components[0] has no field "summary": add it (required fields: "kind", "name", "type", "summary")"#
        )
        #expect(
            decodingError("{}")
                == #"registry.json: the top level has no field "modules": add it (required fields: "modules")"#)
        #expect(
            decodingError(#"{ "modules": [ { "name": "ZooRidge", "components": [] } ] }"#)
                == #"registry.json: modules[0] has no field "summary": add it (required fields: "name", "summary", "components")"#
        )
    }

    @Test func misspeltFieldsAreRejected() {
        #expect(
            decodingError(
                #"{ "modules": [ { "name": "M", "summary": "s", "components": [ { "kind": "data", "name": "r", "type": "R", "summary": "s", "sumary": "t" } ] } ] }"#
            )
                == #"registry.json: modules[0].components[0] has unknown field "sumary": remove it or correct the spelling (fields: "kind", "name", "type", "summary")"#
        )
        #expect(
            decodingError(#"{ "modules": [], "module": [] }"#)?.contains(#"the top level has unknown field "module""#)
                == true)
    }

    @Test func wrongTypesSayWhatIsExpected() {
        #expect(decodingError("[]") == "registry.json: the top level must be an object")
        #expect(decodingError(#"{ "modules": {} }"#) == "registry.json: modules must be an array")
        #expect(
            decodingError(#"{ "modules": [ { "name": 3, "summary": "s", "components": [] } ] }"#)
                == "registry.json: modules[0].name must be a string")
        #expect(
            decodingError(#"{ "modules": [ { "name": null, "summary": "s", "components": [] } ] }"#)
                == "registry.json: modules[0].name must be a string")
    }

    @Test func aMissingFileSaysWhereItWasLookedFor() {
        #expect(throws: RegistryError.self) { try RegistryFile.load(from: "/nonexistent/registry.json") }
        #expect(
            generate(arguments: ["/nonexistent/registry.json", "/tmp/x"]).first?.description
                .hasPrefix("registry.json: not found at /nonexistent/registry.json: create it") == true)
    }
}
