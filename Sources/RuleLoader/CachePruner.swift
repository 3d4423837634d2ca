import Foundation

/// Keeps a cache folder from growing without end: every rule change writes a new compiled cache
/// (1.3 MB for the shipped rules) and a per-file entry, and an Odoo server upgraded for years
/// must not collect them all in root's home. Runs only after a cache was written, never on a
/// chat turn that read one.
enum CachePruner {
    /// Removes the `prefix*.bin` files beyond the `keep` most recently used, counting a file's
    /// hard links as one, and temporary files a crashed writer left over an hour ago. "Used" is
    /// the later of the access and modification times: with relatime the kernel updates the
    /// access time of a file read since its last change, so a cache every turn reads stays.
    static func prune(_ folder: String, prefix: String, keep: Int, now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        var groups: [UInt64: (used: Int, names: [String])] = [:]
        for name in names where name.hasPrefix(prefix) {
            var status = stat()
            let path = folder + "/" + name
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            let used = max(Int(status.st_atim.tv_sec), Int(status.st_mtim.tv_sec))
            if name.hasSuffix(".tmp") {
                if used < Int(now.timeIntervalSince1970) - 3600 { unlink(path) }
                continue
            }
            guard name.hasSuffix(".bin") else { continue }
            let inode = UInt64(status.st_ino)
            groups[inode, default: (used, [])].names.append(name)
            groups[inode]!.used = max(groups[inode]!.used, used)
        }
        let oldest = groups.values.sorted { $0.used > $1.used }.dropFirst(max(keep, 1))
        for group in oldest {
            for name in group.names { unlink(folder + "/" + name) }
        }
    }
}
