import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A provider's OAuth server, played from its `FakeOAuthConfiguration`: the consent page (consents
/// at once, or declines when told to) and the token endpoint (authorization-code and refresh
/// grants, the provider's client authentication, rotation and error answers). Admin hooks:
///
/// - `POST /__admin/oauth/deny`: the next consent is declined;
/// - `POST /__admin/oauth/expire`: every access token expires (refresh tokens still work);
/// - `POST /__admin/oauth/revoke`: every token dies (a refresh then gets the provider's invalid_grant);
/// - `POST /__admin/oauth/grants` `{"scopes": [...], "expires_in": N}`: a token pair without the consent page.
enum FakeOAuthServer {
    static func addRoutes(to router: Router<BasicRequestContext>, tokens: IssuedTokens, configuration: FakeOAuthConfiguration) {
        router.get(RouterPath(configuration.authorizePath)) { request, _ -> Response in
            authorize(request, tokens: tokens, configuration: configuration)
        }
        router.post(RouterPath(configuration.tokenPath)) { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            return token(request, body: String(decoding: body.readableBytesView, as: UTF8.self), tokens: tokens, configuration: configuration)
        }
        router.post("\(FakeAdmin.prefix)/oauth/deny") { _, _ -> Response in tokens.denyNextConsent(); return Response(status: .noContent) }
        router.post("\(FakeAdmin.prefix)/oauth/expire") { _, _ -> Response in tokens.expireAccessTokens(); return Response(status: .noContent) }
        router.post("\(FakeAdmin.prefix)/oauth/revoke") { _, _ -> Response in tokens.revokeAll(); return Response(status: .noContent) }
        router.post("\(FakeAdmin.prefix)/oauth/grants") { request, _ -> Response in
            let object = try await FakeJSON.object(from: request) ?? [:]
            let scopes = object["scopes"] as? [String] ?? configuration.defaultScopes
            let expiresIn = (object["expires_in"]).flatMap(FakeJSON.int) ?? configuration.expiresIn
            let pair = tokens.grant(scopes: scopes, expiresIn: expiresIn)
            return FakeJSON.response(.created, ["access_token": pair.access, "refresh_token": pair.refresh, "scope": configuration.scopeValue(scopes)])
        }
    }

    /// Consents at once: 302 to `redirect_uri` with a code and the state (or the provider's denial).
    static func authorize(_ request: Request, tokens: IssuedTokens, configuration: FakeOAuthConfiguration) -> Response {
        let query = request.uri.queryParameters
        guard query["client_id"].map(String.init) == configuration.client.clientID, let redirect = query["redirect_uri"].map(String.init), !redirect.isEmpty else {
            return FakeJSON.response(.badRequest, ["error": "invalid_request", "error_description": "unknown client_id or missing redirect_uri"])
        }
        var pairs: [(String, String)]
        if tokens.takeDenial() {
            pairs = configuration.denial.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        } else {
            let requested = query["scope"].map { $0.split(separator: Character(configuration.scopeSeparator)).map(String.init) } ?? []
            pairs = [("code", tokens.issueCode(scopes: requested.isEmpty ? configuration.defaultScopes : requested, redirectURI: redirect))]
        }
        if let state = query["state"] { pairs.append(("state", String(state))) }
        let encoded = pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        return Response(status: .found, headers: [.location: redirect + (redirect.contains("?") ? "&" : "?") + encoded])
    }

    /// The token endpoint: checks the encoding, the client, the provider's required parameters, then the grant.
    static func token(_ request: Request, body: String, tokens: IssuedTokens, configuration: FakeOAuthConfiguration) -> Response {
        let fail = { (answer: FakeOAuthConfiguration.ErrorAnswer) in FakeJSON.response(HTTPResponse.Status(code: answer.status), answer.body.value) }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else { return fail(configuration.invalidRequest) }
        var form: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            form[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let client: (id: String?, secret: String?)
        switch configuration.clientAuth {
        case .body:
            client = (form["client_id"], form["client_secret"])
        case .basic:
            let header = request.headers[.authorization] ?? ""
            let decoded = header.lowercased().hasPrefix("basic ") ? Data(base64Encoded: String(header.dropFirst(6))).map { String(decoding: $0, as: UTF8.self) } : nil
            let parts = decoded?.split(separator: ":", maxSplits: 1).map(String.init) ?? []
            client = (parts.first, parts.count > 1 ? parts[1] : nil)
        }
        guard client.id == configuration.client.clientID, client.secret == configuration.client.clientSecret else { return fail(configuration.invalidClient) }
        for (name, value) in configuration.requiredParameters where form[name] != value { return fail(configuration.invalidRequest) }
        let scopes: [String]
        var keptRefresh: String?
        switch form["grant_type"] {
        case "authorization_code":
            guard let code = form["code"], let granted = tokens.redeem(code: code, redirectURI: form["redirect_uri"]) else { return fail(configuration.invalidGrant) }
            scopes = granted
        case "refresh_token":
            guard let refresh = form["refresh_token"], let granted = tokens.useRefreshToken(refresh, consume: configuration.rotatesRefreshTokens) else {
                return fail(configuration.invalidGrant)
            }
            scopes = granted
            if !configuration.rotatesRefreshTokens { keptRefresh = refresh }
        default:
            return fail(configuration.invalidRequest)
        }
        let pair = tokens.issue(scopes: scopes, expiresIn: configuration.expiresIn, keeping: keptRefresh)
        let context = tokens.context
        var answer: [String: Any] = configuration.tokenExtras.mapValues { $0.resolved(context) }
        answer["access_token"] = pair.access
        answer["refresh_token"] = pair.refresh
        answer["expires_in"] = configuration.expiresIn
        answer[configuration.scopeField] = configuration.scopeValue(scopes)
        return FakeJSON.response(.ok, answer, escapeSlashes: false, headers: [.cacheControl: "no-store"])
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }
}
