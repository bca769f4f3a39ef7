import Foundation
import Testing
import ToolSupport

@Suite("silkrisk validate")
struct ValidateCommandTests {
    @Test("every shipped dossier is valid")
    func inputsAreValid() throws {
        let result = try CLI.run(["validate", "Inputs"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("dossiers valid"))
        #expect(result.stderr.isEmpty)
    }

    @Test("hostile samples are refused with file:line:column errors and exit 1, and nothing they name is read")
    func hostileSamplesAreRefused() throws {
        let folder = try CLI.temporaryDirectory()
        let secret = "silkrisk-secret-\(UUID().uuidString)"
        let secretFile = folder.appendingPathComponent("secret.txt")
        try secret.write(to: secretFile, atomically: true, encoding: .utf8)
        let xxe =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE dossier [ <!ENTITY leak SYSTEM \"file://\(secretFile.path)\"> ]>\n<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>&leak;</title></identity></dossier>\n"
        try xxe.write(to: folder.appendingPathComponent("xxe.xml"), atomically: true, encoding: .utf8)
        try Data().write(to: folder.appendingPathComponent("empty.xml"))
        let result = try CLI.run(["validate", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("xxe.xml:2:1: error:"), "\(result.stderr)")
        #expect(result.stderr.contains("empty.xml:1:1: error:"))
        #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret))
        #expect(result.stdout.contains("0 of 2 dossiers valid"))
    }

    @Test("the schema command prints the dossier XSD")
    func schemaMatchesDocs() throws {
        let result = try CLI.run(["schema"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("<xs:schema"))
        #expect(result.stdout.contains("name=\"dossier\""))
    }
}
