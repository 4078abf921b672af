import Foundation

/// A small valid mapping file, formatted so lines mean something; each test breaks one thing and
/// checks the exact diagnostic.
let validMapping = #"""
{
  "name": "tiny",
  "base_url": "https://api.tiny.example",
  "auth": { "api_key": { "requires": ["api_key"], "headers": { "Authorization": "Token {context.api_key}" } } },
  "resources": {
    "opportunities": {
      "operations": {
        "list": { "method": "GET", "path": "/deals", "root": "items", "pagination": { "next": { "page": "next_page" } } },
        "get": { "method": "GET", "path": "/deals/{id}" }
      },
      "fields": {
        "id": { "path": "id" },
        "name": { "path": "title" },
        "status": { "path": "state", "enum": { "O": "open", "W": "won" } }
      }
    }
  }
}
"""#
