import Foundation
import Testing

@testable import RuleLoader

/// The cache folder keeps the most recently used compiled caches, a cache and its hard links
/// counting as one, and clears what a crashed writer left behind.
@Suite struct CachePrunerTests {
    @Test func theOldestCachesGoTheirLinksWithThemAndOtherFilesStay() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prune-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let now = Date()
        func write(_ name: String, hoursAgo: Double) {
            let path = folder + "/" + name
            FileManager.default.createFile(atPath: path, contents: Data(name.utf8))
            let seconds = Int(now.timeIntervalSince1970 - hoursAgo * 3600)
            var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        }
        for hours in 1...6 { write("rules-\(hours).bin", hoursAgo: Double(hours)) }
        // The newest and the oldest cache each have a fingerprint's name too.
        #expect(link(folder + "/rules-1.bin", folder + "/rules-s1.bin") == 0)
        #expect(link(folder + "/rules-6.bin", folder + "/rules-s6.bin") == 0)
        write("rules-9.bin.123.tmp", hoursAgo: 2)
        write("rules-8.bin.456.tmp", hoursAgo: 0)
        write("notes.txt", hoursAgo: 50)
        write("file-1.bin", hoursAgo: 50)

        CachePruner.prune(folder, prefix: "rules-", keep: 3, now: now)

        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        #expect(
            left == [
                "rules-1.bin", "rules-s1.bin", "rules-2.bin", "rules-3.bin", "rules-8.bin.456.tmp", "notes.txt",
                "file-1.bin",
            ])
    }

    @Test func aCacheReadSinceItWasWrittenCountsAsRecent() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prune-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let now = Date()
        for (name, written, read) in [("rules-a.bin", 10.0, 0.5), ("rules-b.bin", 2.0, 2.0), ("rules-c.bin", 1.0, 1.0)]
        {
            let path = folder + "/" + name
            FileManager.default.createFile(atPath: path, contents: Data(name.utf8))
            let readAt = Int(now.timeIntervalSince1970 - read * 3600)
            let writtenAt = Int(now.timeIntervalSince1970 - written * 3600)
            var times = [timespec(tv_sec: readAt, tv_nsec: 0), timespec(tv_sec: writtenAt, tv_nsec: 0)]
            #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        }
        CachePruner.prune(folder, prefix: "rules-", keep: 2, now: now)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["rules-a.bin", "rules-c.bin"])
    }
}
