/// The named errors the emulator answers. The error envelope and these errors are data
/// (`answers.json`); the texts of bad query parameters too (`query-errors.json`).
enum PipedriveErrors {
    static let named = ["unauthorized", "notFound", "internal"]
}
