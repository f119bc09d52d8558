import Foundation
@testable import ReportSite
import ReportSynth
import Testing

@Suite struct ContentLoaderTests {
    /// Files are read with `read(2)` into the array returned: every size comes back whole, around
    /// the sizes where the first guess and the read's blocks end; what cannot be read is `nil`.
    @Test func filesAreReadWhole() throws {
        let folder = Scratch.folder("bytes")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var random = SplitMix64(seed: 3)
        for size in [0, 1, 4095, 4096, 4097, 70_000] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) }
            let path = folder.appendingPathComponent("f\(size)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(FileBytes.read(path) == bytes, "\(size) bytes")
        }
        #expect(FileBytes.read(folder.appendingPathComponent("missing").path) == nil)
        #expect(FileBytes.read(folder.path) == nil, "a folder is no file")
        // A file that is longer than its size says (a file in /proc) is read to its end.
        let status = try #require(FileBytes.read("/proc/self/status"))
        #expect(String(decoding: status, as: UTF8.self).contains("Name:"))
    }

    /// The folder search tells report text by its extension; its byte-level reading of the
    /// extension must agree with Foundation's `pathExtension` on every kind of name.
    @Test func extensionsAreFoundationsPathExtension() {
        let names = [
            "r.txt", "r.TXT", "报告.md", "a/b/报告.Markdown", "a.b.c.txt", "noextension", "a/b/c", "trailing.", "a/.hidden",
            ".txt", "a..txt", "a/b.c/d", "a/b.c/d.txt", "dir/", "dir.txt/", "a/b/", "x.报告", "x.tx t", "", "/", ".", "..", "a/..",
            "年报 2023 .txt", "r.txt.pdf", "r.pdf.txt", "a/b/.x.txt", "a.b/", "a.b//", "é.É", "r.t\u{301}xt",
        ]
        for name in names {
            #expect(ContentLoader.fileExtension(name) == (name as NSString).pathExtension, "\(name)")
        }
    }
}
