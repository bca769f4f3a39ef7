import Testing

@testable import ScoringService

@Suite("Multipart bodies as browsers and curl send them")
struct MultipartFormTests {
    @Test(
        "a Content-Disposition parameter is read quoted or not, with escaped quotes and semicolons inside",
        arguments: [
            (#"form-data; name="dossier"; filename="a.xml""#, "filename", "a.xml"),
            (#"form-data; name=dossier; filename=b.xml"#, "filename", "b.xml"),
            (#"form-data; name="dossier"; filename="x; y \"z\".xml""#, "filename", #"x; y "z".xml"#),
            (#"form-data; filename="c.xml"; name="file""#, "name", "file"),
        ])
    func parameters(header: String, key: String, value: String) {
        #expect(MultipartForm.parameter(key, in: header) == value)
    }

    @Test("a parameter that is not there is nil; an empty file name is no file")
    func missingParameters() throws {
        #expect(MultipartForm.parameter("filename", in: #"form-data; name="dossier""#) == nil)
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\n\r\n--b--\r\n".utf8)
        let form = try MultipartForm(bytes: body, boundary: "b")
        #expect(form.parts.count == 1)
        #expect(form.parts[0].name == "file")
        #expect(form.parts[0].filename == nil)
        #expect(form.parts[0].body.isEmpty)
    }

    @Test(
        "the boundary is read from multipart/form-data only",
        arguments: [
            ("multipart/form-data; boundary=abc", "abc"),
            ("Multipart/Form-Data; charset=utf-8; boundary=\"q r\"", "q r"),
            ("application/xml", nil),
            ("multipart/form-data", nil),
        ] as [(String, String?)])
    func boundary(contentType: String, boundary: String?) {
        #expect(MultipartForm.boundary(contentType: contentType) == boundary)
    }
}
