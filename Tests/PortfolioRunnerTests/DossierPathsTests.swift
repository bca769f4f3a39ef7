import Foundation
import PortfolioRunner
import Testing

/// What a list of dossier paths gives: folders that give no dossier, and files given twice.
@Suite("Dossier paths: empty folders and files given twice")
struct DossierPathsTests {
    static func folder(_ files: [String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-paths-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for file in files {
            let path = "\(root)/\(file)"
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path, contents: Data("<dossier/>".utf8)))
        }
        return root
    }

    @Test("a folder with no .xml below it, empty or holding other files, is empty; one with a dossier in a sub-folder is not")
    func emptyFolders() throws {
        let root = try Self.folder(["notes/readme.txt", "nested/deeper/a.xml"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/nothing", withIntermediateDirectories: true)
        let listing = DossierPaths.expand(["\(root)/nothing", "\(root)/notes", "\(root)/nested", "\(root)/missing"])
        #expect(listing.empty == ["\(root)/nothing", "\(root)/notes"])
        #expect(Array(listing.files) == ["\(root)/nested/deeper/a.xml"])
        #expect(listing.skipped == ["\(root)/notes/readme.txt"])
        #expect(listing.missing == ["\(root)/missing"])
        #expect(listing.duplicates.isEmpty)
    }

    @Test("one file given twice — by name twice, by two spellings, by its folder and by name, or through a link — is listed once")
    func duplicates() throws {
        let root = try Self.folder(["in/a.xml", "in/b.xml"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let listing = DossierPaths.expand(["\(root)/in/a.xml", "\(root)/in", "\(root)//in/./a.xml", "\(root)/in/../in/b.xml"])
        #expect(Array(listing.files) == ["\(root)/in/a.xml", "\(root)/in/b.xml"])
        #expect(listing.duplicates.map(\.path) == ["\(root)/in/a.xml", "\(root)//in/./a.xml", "\(root)/in/../in/b.xml"])
        #expect(listing.duplicates.map(\.first) == ["\(root)/in/a.xml", "\(root)/in/a.xml", "\(root)/in/b.xml"])

        // A link to a file of the same folder, in a single folder given.
        try FileManager.default.createSymbolicLink(atPath: "\(root)/in/c.xml", withDestinationPath: "\(root)/in/a.xml")
        let linked = DossierPaths.expand(["\(root)/in"])
        #expect(Array(linked.files) == ["\(root)/in/a.xml", "\(root)/in/b.xml"])
        #expect(linked.duplicates.map(\.path) == ["\(root)/in/c.xml"] && linked.duplicates.map(\.first) == ["\(root)/in/a.xml"])
    }

    @Test("two different files are two dossiers, even with the same name in two folders")
    func differentFiles() throws {
        let root = try Self.folder(["x/a.xml", "y/a.xml"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let listing = DossierPaths.expand(["\(root)/x", "\(root)/y"])
        #expect(listing.files.count == 2 && listing.duplicates.isEmpty)
    }
}
