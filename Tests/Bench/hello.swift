// The first-frame reference of issue 9: a Swift hello world that imports Foundation. Build it with
// `swiftc -O Tests/Bench/hello.swift -o /tmp/hello` and pass `--reference /tmp/hello` to `convlens bench`.
import Foundation

print("Hello, world!")
