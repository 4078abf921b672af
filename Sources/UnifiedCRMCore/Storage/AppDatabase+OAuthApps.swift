import Foundation
import GRDB

/// OAuth apps in SQLite; the client secret is AES-GCM sealed like account contexts.
extension AppDatabase: OAuthAppStore {
    static func registerOAuthAppMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-oauth-apps") { db in
            try db.create(table: "oauth_app") { t in
                t.primaryKey("integration", .text)
                t.column("client_id", .text).notNull()
                t.column("client_secret", .blob).notNull()
                t.column("redirect_uri", .text).notNull()
                t.column("scopes", .text).notNull()
                t.column("created_at", .integer).notNull()
                t.column("updated_at", .integer).notNull()
            }
        }
    }

    public func oauthApp(integration: String) async throws -> OAuthApp? {
        let box = secretBox
        return try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM oauth_app WHERE integration = ?", arguments: [integration]) else { return nil }
            let sealed: Data = row["client_secret"], scopes: String = row["scopes"]
            return OAuthApp(
                integration: integration, clientID: row["client_id"], clientSecret: String(decoding: try box.open(sealed), as: UTF8.self),
                redirectURI: row["redirect_uri"], scopes: (try JSONValue.parse(Data(scopes.utf8)).arrayValue ?? []).compactMap(\.stringValue), webhookPublicKey: row["webhook_public_key"],
                createdAt: Date(epochMilliseconds: row["created_at"]), updatedAt: Date(epochMilliseconds: row["updated_at"])
            )
        }
    }

    public func putOAuthApp(_ app: OAuthApp) async throws {
        let sealed = try secretBox.seal(Data(app.clientSecret.utf8))
        let scopes = String(decoding: JSONWriter.encode(.array(app.scopes.map(JSONValue.string))), as: UTF8.self)
        try await writer.write { db in
            try db.execute(
                sql: """
                INSERT INTO oauth_app (integration, client_id, client_secret, redirect_uri, scopes, webhook_public_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(integration) DO UPDATE SET client_id = excluded.client_id, client_secret = excluded.client_secret,
                  redirect_uri = excluded.redirect_uri, scopes = excluded.scopes, webhook_public_key = excluded.webhook_public_key, updated_at = excluded.updated_at
                """,
                arguments: [app.integration, app.clientID, sealed, app.redirectURI, scopes, app.webhookPublicKey, app.createdAt.epochMilliseconds, app.updatedAt.epochMilliseconds]
            )
        }
    }
}
