/// The explorer's files: explorer/ in the repository, which the build embeds
/// in the binary (resources of this target, through the link
/// Resources/explorer), by name, with their content types.
enum ExplorerFiles {
    static let files: [String: (contentType: String, bytes: [UInt8])] = [
        "index.html": ("text/html; charset=utf-8", PackageResources.index_html),
        "explorer.css": ("text/css; charset=utf-8", PackageResources.explorer_css),
        "app.js": ("text/javascript; charset=utf-8", PackageResources.app_js),
        "charts.js": ("text/javascript; charset=utf-8", PackageResources.charts_js),
        "tree.js": ("text/javascript; charset=utf-8", PackageResources.tree_js),
        "poseidon-constants.js": ("text/javascript; charset=utf-8", PackageResources.poseidon_constants_js),
    ]
}
