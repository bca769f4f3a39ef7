import Foundation
import Testing

@testable import SafeOutput

@Suite("OutputFile: a file is replaced whole or not at all, and every failure names the path and the cause")
struct OutputFileTests {
    @Test("a new file gets the bytes, the mode of any new file, and no temporary is left beside it")
    func writesANewFile() throws {
        let folder = try Folder()
        let path = folder.path("report.json")
        try OutputFile.write("{\"a\": 1}\n", to: path)
        #expect(try folder.contents(of: "report.json") == "{\"a\": 1}\n")
        #expect(try folder.names() == ["report.json"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let mode = (attributes[.posixPermissions] as? Int) ?? -1
        #expect(mode == 0o666 & ~Folder.umask(), "mode \(String(mode, radix: 8))")
    }

    @Test("until commit the old file stays as it was; the new bytes sit in a recognisable temporary beside it")
    func replacesOnlyOnCommit() throws {
        let folder = try Folder()
        let path = folder.path("report.txt")
        try OutputFile.write("old report\n", to: path)
        let file = try OutputFile(path: path)
        try file.write("new ")
        try file.write("report\n")
        #expect(try folder.contents(of: "report.txt") == "old report\n")
        let temporary = try #require(try folder.names().first { $0 != "report.txt" })
        #expect(temporary.hasPrefix(".report.txt.silkrisk-tmp-\(getpid())-"), "\(temporary)")
        guard case .replacing(_, let temporaryPath) = file.kind else {
            Issue.record("a regular file is replaced, got \(file.kind)")
            return
        }
        #expect(temporaryPath == folder.path(temporary))
        try file.commit()
        #expect(try folder.contents(of: "report.txt") == "new report\n")
        #expect(try folder.names() == ["report.txt"])
    }

    @Test("a writer discarded, or dropped without commit, leaves the old file and removes its temporary")
    func discardLeavesTheOldFile() throws {
        let folder = try Folder()
        let path = folder.path("report.txt")
        try OutputFile.write("old\n", to: path)
        let discarded = try OutputFile(path: path)
        try discarded.write("half a rep")
        discarded.discard()
        do {
            let dropped = try OutputFile(path: path)
            try dropped.write("half a rep")
        }
        #expect(try folder.contents(of: "report.txt") == "old\n")
        #expect(try folder.names() == ["report.txt"])
    }

    @Test("/dev/full: the first write fails with 'No space left on device', naming the path")
    func deviceFull() throws {
        let file = try OutputFile(path: "/dev/full")
        #expect(file.kind == .inPlace)
        #expect(throws: OutputError(path: "/dev/full", code: ENOSPC)) { try file.write("report\n") }
        #expect(throws: OutputError(path: "/dev/full", code: ENOSPC)) { try file.commit() }
        #expect(OutputError(path: "/dev/full", code: ENOSPC).description == "cannot write '/dev/full': No space left on device")
    }

    @Test("a parent that is a file, at any depth, is 'Not a directory', and nothing is created")
    func parentIsAFile() throws {
        let folder = try Folder()
        try OutputFile.write("x\n", to: folder.path("plain"))
        for relative in ["plain/report.json", "plain/deeper/report.json"] {
            let path = folder.path(relative)
            #expect(throws: OutputError(path: path, code: ENOTDIR)) { try OutputFile(path: path) }
        }
        #expect(throws: OutputError(path: "/etc/passwd/x.json", code: ENOTDIR)) { try OutputFile(path: "/etc/passwd/x.json") }
        #expect(try folder.names() == ["plain"])
    }

    @Test("missing parent folders are created")
    func createsParents() throws {
        let folder = try Folder()
        try OutputFile.write("deep\n", to: folder.path("a/b/c/report.md"))
        #expect(try folder.contents(of: "a/b/c/report.md") == "deep\n")
    }

    @Test("a folder is not a report: 'Is a directory'")
    func folderIsRefused() throws {
        let folder = try Folder()
        #expect(throws: OutputError(path: folder.root, code: EISDIR)) { try OutputFile(path: folder.root) }
        #expect(throws: OutputError(path: folder.path("new/"), code: EISDIR)) { try OutputFile(path: folder.path("new/")) }
    }

    @Test("a folder that may not be written: 'Permission denied', naming the path and the step")
    func noPermission() throws {
        // Root is not held back by a folder's mode bits, but nobody may create a file in /sys.
        let folder = try Folder()
        let path: String
        if geteuid() == 0 {
            path = "/sys/silkrisk-\(getpid()).json"
        } else {
            try FileManager.default.createDirectory(atPath: folder.path("locked"), withIntermediateDirectories: false)
            chmod(folder.path("locked"), 0o555)
            path = folder.path("locked/report.json")
        }
        let parent = (path as NSString).deletingLastPathComponent
        #expect(throws: OutputError(path: path, code: EACCES, step: "creating a temporary file in '\(parent)'")) { try OutputFile(path: path) }
        #expect(
            OutputError(path: path, code: EACCES, step: "creating a temporary file in '\(parent)'").description
                == "cannot write '\(path)': Permission denied (creating a temporary file in '\(parent)')")
    }

    @Test("a symbolic link is followed: the file it points to is replaced and the link stays a link")
    func followsLinks() throws {
        let folder = try Folder()
        try OutputFile.write("old\n", to: folder.path("real.txt"))
        try FileManager.default.createSymbolicLink(atPath: folder.path("link.txt"), withDestinationPath: "real.txt")
        try OutputFile.write("new\n", to: folder.path("link.txt"))
        #expect(try folder.contents(of: "real.txt") == "new\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder.path("link.txt")) == "real.txt")
        #expect(try folder.names() == ["link.txt", "real.txt"])
    }

    @Test("a FIFO is written in place, to its reader, and never replaced by a file")
    func fifo() throws {
        let folder = try Folder()
        let path = folder.path("pipe")
        #expect(mkfifo(path, 0o600) == 0)
        let reader = open(path, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let file = try OutputFile(path: path)
        #expect(file.kind == .inPlace)
        try file.write("through the pipe\n")
        try file.commit()
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(reader, &buffer, buffer.count)
        #expect(String(decoding: buffer[0..<max(0, count)], as: UTF8.self) == "through the pipe\n")
        var status = stat()
        #expect(lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test("/dev/fd/N writes through the open descriptor and leaves it open; a closed one is 'Bad file descriptor'")
    func inheritedDescriptors() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        for path in ["/dev/fd/\(ends[1])", "/proc/self/fd/\(ends[1])"] {
            let file = try OutputFile(path: path)
            #expect(file.kind == .inherited)
            try file.write("via \(path)\n")
            try file.commit()
            #expect(fcntl(ends[1], F_GETFD) != -1, "the descriptor stays open")
            var buffer = [UInt8](repeating: 0, count: 128)
            let count = read(ends[0], &buffer, buffer.count)
            #expect(String(decoding: buffer[0..<max(0, count)], as: UTF8.self) == "via \(path)\n")
        }
        #expect(OutputFile.inheritedDescriptor(named: "/dev/stdout") == 1)
        #expect(OutputFile.inheritedDescriptor(named: "/dev/stderr") == 2)
        #expect(OutputFile.inheritedDescriptor(named: "/dev/fd/") == nil)
        #expect(OutputFile.inheritedDescriptor(named: "/dev/fd/1x") == nil)
        #expect(OutputFile.inheritedDescriptor(named: "/dev/full") == nil)
        #expect(throws: OutputError(path: "/dev/fd/987", code: EBADF)) { try OutputFile(path: "/dev/fd/987") }
    }

    @Test("/dev/null is written in place and accepts everything")
    func devNull() throws {
        try OutputFile.write(String(repeating: "x", count: 1 << 20), to: "/dev/null")
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test("a name too long for a temporary beside it still gets one, and the file its full name")
    func longNames() throws {
        let folder = try Folder()
        let name = String(repeating: "r", count: 250) + ".json"
        try OutputFile.write("long\n", to: folder.path(name))
        #expect(try folder.contents(of: name) == "long\n")
    }
}

/// A fresh temporary folder, removed when the test ends.
final class Folder {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-output-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ relative: String) -> String { root + "/" + relative }

    func contents(of relative: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path(relative))), as: UTF8.self)
    }

    /// Every name in the folder, hidden ones included, sorted.
    func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root).sorted()
    }

    /// The process's umask, read without changing it (other tests create files meanwhile).
    static func umask() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("Umask:") {
            return Int(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8) ?? 0o022
        }
        return 0o022
    }
}
