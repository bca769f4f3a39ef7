import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`):
/// commands go as JSON on the browser's descriptor 3, answers and events come back on its
/// descriptor 4, each message ended by a NUL byte. Enough of the protocol to open a page, look
/// at what the browser rendered, type into a form, click, and take a screenshot.
///
/// Its calls block: run them off the cooperative pool (`Chromium.session`), so a service in
/// this process goes on answering while the test waits for the browser.
final class Chromium: @unchecked Sendable {
    static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct ProtocolError: Error {
        var message: String
    }

    private var process: pid_t = 0
    private let commands: Int32
    private let answers: Int32
    private let profile: URL
    private var nextID = 0
    private var pending: [UInt8] = []
    private var events: [[String: Any]] = []
    private var session: String?

    /// Starts a browser, runs `body` with it on a thread of its own, and closes it.
    static func session<T: Sendable>(_ body: @escaping @Sendable (Chromium) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result {
                        guard let executable = Chromium.executable else { throw ProtocolError(message: "no chromium") }
                        let browser = try Chromium(executable: executable)
                        defer { browser.close() }
                        return try body(browser)
                    })
            }.start()
        }
    }

    private init(executable: String) throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-chromium-\(UUID().uuidString)")
        var toBrowser: [Int32] = [0, 0]
        var fromBrowser: [Int32] = [0, 0]
        guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else { throw ProtocolError(message: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toBrowser[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromBrowser[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [
            executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--remote-debugging-pipe", "--user-data-dir=\(profile.path)", "--window-size=1200,1000", "about:blank",
        ]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let status = posix_spawn(&process, executable, &actions, nil, &argv, environ)
        Glibc.close(toBrowser[0])
        Glibc.close(fromBrowser[1])
        commands = toBrowser[1]
        answers = fromBrowser[0]
        guard status == 0 else { throw ProtocolError(message: "posix_spawn failed: \(status)") }
    }

    private func close() {
        _ = try? send("Browser.close", inSession: false)
        Glibc.close(commands)
        Glibc.close(answers)
        var status: Int32 = 0
        waitpid(process, &status, 0)
        try? FileManager.default.removeItem(at: profile)
    }

    /// Sends a command and waits for its answer; events that arrive meanwhile are kept.
    @discardableResult
    func send(_ method: String, _ parameters: [String: Any] = [:], inSession: Bool = true, timeout: Double = 30) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if inSession, let session { message["sessionId"] = session }
        var bytes = Array(try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
            guard count > 0 else { throw ProtocolError(message: "the browser closed its pipe") }
            written += count
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let answer = try readMessage(until: deadline)
            if answer["id"] as? Int == id {
                if let error = answer["error"] { throw ProtocolError(message: "\(method): \(error)") }
                return answer["result"] as? [String: Any] ?? [:]
            }
            events.append(answer)
        }
    }

    /// Waits for an event of the page's session, such as `Page.loadEventFired`.
    func waitFor(event method: String, timeout: Double = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let index = events.firstIndex(where: { $0["method"] as? String == method }) {
                events.remove(at: index)
                return
            }
            events.append(try readMessage(until: deadline))
        }
    }

    private func readMessage(until deadline: Date) throws -> [String: Any] {
        while true {
            if let end = pending.firstIndex(of: 0) {
                let message = Array(pending[..<end])
                pending.removeSubrange(...end)
                return try JSONSerialization.jsonObject(with: Data(message)) as? [String: Any] ?? [:]
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw ProtocolError(message: "no answer from the browser in time") }
            var descriptor = pollfd(fd: answers, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(min(remaining, 5) * 1000)) >= 0 else { throw ProtocolError(message: "poll failed") }
            guard descriptor.revents != 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { read(answers, $0.baseAddress, $0.count) }
            guard count > 0 else { throw ProtocolError(message: "the browser closed its pipe") }
            pending += chunk[..<count]
        }
    }

    /// Opens a tab on `url` and waits for it to load.
    func open(_ url: String) throws {
        let target = try send("Target.createTarget", ["url": "about:blank"], inSession: false)
        guard let targetID = target["targetId"] as? String else { throw ProtocolError(message: "no target id") }
        let attached = try send("Target.attachToTarget", ["targetId": targetID, "flatten": true], inSession: false)
        session = attached["sessionId"] as? String
        try send("Page.enable")
        try navigate(url)
    }

    func navigate(_ url: String) throws {
        events.removeAll()
        try send("Page.navigate", ["url": url])
        try waitFor(event: "Page.loadEventFired")
    }

    /// Evaluates `expression` in the page (DevTools evaluation, which the page's own policy of no
    /// script does not stop) and returns its value.
    func evaluate(_ expression: String) throws -> Any? {
        let result = try send("Runtime.evaluate", ["expression": expression, "returnByValue": true])
        if let exception = result["exceptionDetails"] { throw ProtocolError(message: "\(expression): \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Runs `action` (which submits a form, say) and waits for the page it leads to.
    func andWaitForLoad(_ action: () throws -> Void) throws {
        events.removeAll()
        try action()
        try waitFor(event: "Page.loadEventFired")
    }

    func screenshot(to file: URL) throws {
        let shot = try send("Page.captureScreenshot", ["format": "png"])
        guard let base64 = shot["data"] as? String, let data = Data(base64Encoded: base64) else { throw ProtocolError(message: "no screenshot") }
        try data.write(to: file)
    }
}
