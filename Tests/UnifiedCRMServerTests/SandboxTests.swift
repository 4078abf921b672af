import Foundation
import Logging
import ServiceLifecycle
import Testing
import UnifiedCRMCore
import UnifiedCRMSandbox
import UnifiedCRMServer

/// Collects what the sandbox prints.
private final class Printed: Sendable {
    private let stream: AsyncStream<String>.Continuation
    let lines: AsyncStream<String>
    init() { (lines, stream) = AsyncStream.makeStream(of: String.self) }
    func add(_ text: String) { stream.yield(text) }
}

@Suite struct SandboxTests {
    /// The curl commands `serve --sandbox` prints work as printed (some 30 of them, run one after another:
    /// under the whole suite's load that can take minutes, hence the long limit).
    @Test(.timeLimit(.minutes(4))) func printedCurlCommandsWorkAsPrinted() async throws {
        let configuration = ServerConfiguration(
            port: 0, databasePath: temporaryDatabasePath(), mappingsDirectory: repositoryMappings,
            apiToken: "sandbox-test-token", encryptionKey: .random()
        )
        let printed = Printed()
        var logger = Logger(label: "sandbox-test")
        logger.logLevel = .error
        let sandbox = Sandbox(configuration: configuration, mappings: try MappingDirectory.load(repositoryMappings), emulators: SandboxEmulators(seedCount: 50), logger: logger) { printed.add($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await sandbox.run() }
            var banner = ""
            for await text in printed.lines { banner = text; break }
            #expect(banner.contains("sandbox-test-token"))
            let commands = banner.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("curl ") }
            #expect(commands.count >= 3)
            for command in commands {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", command + " -w '\\n%{http_code}'"]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                let status = output.split(separator: "\n").last.map(String.init) ?? ""
                #expect(status.hasPrefix("2"), "\(command) answered \(status): \(output.prefix(300))")
                let body = output.split(separator: "\n").dropLast().joined(separator: "\n")
                #expect((try? JSONValue.parse(Data(body.utf8)))?["error"] == nil, "\(command)")
            }
            // The printed change at HubSpot came back as its webhook and was pushed to the event tap.
            var event = ""
            for await text in printed.lines where text.hasPrefix("event record:updated hubspot opportunities") { event = text; break }
            #expect(event.hasSuffix("[name]"), "\(event)")
            group.cancelAll()
        }
    }
}
