import AnnualReports
import Foundation

/// The reader under libFuzzer: every input must come back as a report with well-formed JSON,
/// whatever its bytes. `make fuzz` builds it with the fuzzer:
///
///     swift build --product gongkai-fuzz --scratch-path .build-fuzz \
///         -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
///
/// and runs libFuzzer's driver from here. Built without FUZZING it replays files:
/// `gongkai-fuzz FILE…` reads each once, as the fuzzer would, to debug a crash the fuzzer found.
func check(_ bytes: [UInt8]) {
    let report = ReportReader().read(bytes: bytes, path: "fuzz.txt")
    let json = report.compactJSON
    precondition(json.hasPrefix("{\"schemaVersion\":1,"), "malformed JSON")
    for d in report.diagnostics { precondition(d.location.line >= 1 && d.location.column >= 1) }
    for c in report.checks where c.status == .fail { precondition(c.expected != nil && c.actual != nil) }
}

#if FUZZING
/// The function libFuzzer calls with each input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    check(data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
    return 0
}

typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// libFuzzer's entry for programs that have their own `main` (LLVM 12 and later).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzCallback
) -> CInt

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, count in testOneInput(data, count) })
#else
for path in CommandLine.arguments.dropFirst() {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("\(path): 无法读取\n".utf8))
        exit(1)
    }
    check([UInt8](data))
    print("\(path): ok")
}
#endif
