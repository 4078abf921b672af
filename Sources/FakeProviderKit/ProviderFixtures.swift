import Foundation

/// The JSON fixtures of one provider, `<mappings>/<provider>/fixtures/*.json`: tables the emulator
/// serves and validates against (pipelines, field definitions), seed vocabulary, and the data the
/// shared tests need. The same files back the golden mapping tests.
public struct ProviderFixtures: Sendable {
    public let provider: String
    public let directory: URL

    /// The fixtures folder of `provider` under `mappingsDirectory`; throws when it does not exist.
    public init(mappingsDirectory: String, provider: String) throws(FixtureError) {
        self.provider = provider
        directory = URL(fileURLWithPath: mappingsDirectory).appendingPathComponent(provider).appendingPathComponent("fixtures")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FixtureError("\(directory.path): no fixtures folder for \(provider); the emulators read their tables from <mappings>/<provider>/fixtures")
        }
    }

    /// Providers with a fixtures folder under `mappingsDirectory`, sorted.
    public static func providers(in mappingsDirectory: String) -> [String] {
        let root = URL(fileURLWithPath: mappingsDirectory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let path = root.appendingPathComponent(name).appendingPathComponent("fixtures").path
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    /// The bytes of `name`.
    public func data(_ name: String) throws(FixtureError) -> Data {
        let url = directory.appendingPathComponent(name)
        do { return try Data(contentsOf: url) } catch { throw FixtureError("\(url.path): cannot read (\(error.localizedDescription))") }
    }

    /// `name` parsed as a JSON object.
    public func object(_ name: String) throws(FixtureError) -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: try data(name))) as? [String: Any] else {
            throw FixtureError("\(directory.appendingPathComponent(name).path): not a JSON object")
        }
        return object
    }

    /// `name` decoded as `T`.
    public func decode<T: Decodable>(_ type: T.Type, _ name: String) throws(FixtureError) -> T {
        do { return try JSONDecoder().decode(T.self, from: try data(name)) } catch let error as FixtureError { throw error } catch {
            throw FixtureError("\(directory.appendingPathComponent(name).path): \(error)")
        }
    }
}

/// A missing or malformed fixture, with the file it is about.
public struct FixtureError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
