import Foundation
import UnifiedCRMCore

/// The repository's unified schema (`schema/`), loaded once for the tests.
let repositorySchemas: UnifiedSchemaSet = {
    do { return try UnifiedSchemaSet.load(repositoryRoot.appendingPathComponent("schema").path) } catch { fatalError("schema/: \(error)") }
}()

/// The unified opportunity schema.
var opportunitySchema: UnifiedSchema { repositorySchemas["opportunities"]! }
