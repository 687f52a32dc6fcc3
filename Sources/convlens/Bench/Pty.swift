#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a benchmark could not run (no pseudo-terminal, a child that never drew): one line for the user.
struct BenchError: Error {
    let message: String
}

/// A pseudo-terminal of a given size: what the benchmark draws into, or runs `convlens play` on. A reader thread
/// drains the master side (as a terminal emulator would), counting the bytes, so nothing ever blocks on a full
/// buffer.
final class Pty {
    let master: Int32
    let slave: Int32
    let reader: PtyReader

    init(width: Int, height: Int) throws(BenchError) {
        var m: Int32 = -1
        var s: Int32 = -1
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&m, &s, nil, nil, &size) == 0 else {
            throw BenchError(
                message: "convlens bench: cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(m, F_SETFD, FD_CLOEXEC)
        _ = fcntl(s, F_SETFD, FD_CLOEXEC)
        master = m
        slave = s
        reader = PtyReader(fd: m)
    }

    /// Closes the slave side; the reader stops at end of input once no process holds it, then the master closes.
    func shutDown() {
        _ = close(slave)
        reader.waitForEnd()
        _ = close(master)
    }

    /// Types `bytes` as keyboard input of the program on the slave side.
    func type(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Writes the marker byte (NUL) on the slave side, after everything written there before it.
    func mark() {
        var zero: UInt8 = 0
        _ = write(slave, &zero, 1)
    }
}

/// The terminal end of a pty: a thread reads everything written to the slave, counts the bytes, remembers when
/// the last one arrived, and the byte count at each NUL marker (`Pty.mark`), which ncurses never sends.
final class PtyReader: @unchecked Sendable {
    private let fd: Int32
    private let lock = Condition()
    private var bytes = 0
    private var markers: [Int] = []
    private var last = uptimeNanoseconds()
    private var ended = false

    init(fd: Int32) {
        self.fd = fd
        startThread(stackSize: 1 << 20) { [self] in run() }
    }

    private func run() {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            let now = uptimeNanoseconds()
            lock.lock()
            if n <= 0 {
                ended = true
            } else {
                for i in 0..<n {
                    if chunk[i] == 0 { markers.append(bytes) } else { bytes += 1 }
                }
                last = now
            }
            lock.broadcast()
            lock.unlock()
            if n <= 0 { return }
        }
    }

    /// Bytes received so far (markers not counted) and when the last one arrived (uptime ns).
    var progress: (bytes: Int, lastNs: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        return (bytes, last)
    }

    /// Waits until marker number `n` (from 1) has arrived and returns the byte count at it; nil after 30 s.
    func byteCount(atMarker n: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        let deadline = Condition.deadline(afterSeconds: 30)
        while markers.count < n && !ended {
            if !lock.wait(until: deadline) { return nil }
        }
        return markers.count >= n ? markers[n - 1] : nil
    }

    /// Waits until the output has been quiet for `quietMs` after at least `after` bytes; returns when the last
    /// byte arrived (uptime ns), or nil when `timeoutMs` passes first.
    func waitQuiet(after: Int, quietMs: Int, timeoutMs: Int) -> UInt64? {
        let start = uptimeNanoseconds()
        while true {
            let now = uptimeNanoseconds()
            let (count, last) = progress
            // The reader thread may stamp a byte after `now` was read: no quiet yet, never an underflow.
            let quiet = now > last ? now - last : 0
            if count > after && quiet >= UInt64(quietMs) * 1_000_000 { return last }
            if now - start > UInt64(timeoutMs) * 1_000_000 { return nil }
            usleep(5_000)
        }
    }

    /// Blocks until the slave side is closed everywhere (read returns end of input or an error).
    func waitForEnd() {
        lock.lock()
        while !ended { lock.wait() }
        lock.unlock()
    }
}

/// close(2), for types that have a `close()` of their own.
func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}

/// A child process running on a pty's slave side (its standard input, output and error).
struct Child {
    let pid: pid_t

    /// Starts `path ARGS` with exactly `environment`, and `stdio` as its standard input, output and error.
    static func spawn(_ path: String, _ args: [String], environment: [String: String], stdio: [Int32])
        throws(BenchError) -> Child
    {
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t?  // a pointer on Darwin, a struct on glibc
        #else
            var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, source) in stdio.enumerated() { posix_spawn_file_actions_adddup2(&actions, source, Int32(fd)) }
        let argv = ([path] + args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard status == 0 else {
            throw BenchError(message: "convlens bench: cannot run \(path): \(String(cString: strerror(status)))")
        }
        return Child(pid: pid)
    }

    /// Waits for the end; returns the exit status (128 + signal when killed). (Its `ru_maxrss` is useless for
    /// memory: a spawned child's starts at the spawning process's own peak.)
    func wait() -> Int32 {
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        let signal = raw & 0x7F
        return signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
    }
}

/// A lock with a condition (a pthread mutex and condition variable): `NSCondition`'s part the reader uses.
final class Condition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        mutex.initialize(to: pthread_mutex_t())
        condition.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    func broadcast() { pthread_cond_broadcast(condition) }
    /// Waits for a broadcast (the lock held).
    func wait() { pthread_cond_wait(condition, mutex) }

    /// Waits for a broadcast until `deadline` (from `deadline(afterSeconds:)`); false when it passed first.
    func wait(until deadline: timespec) -> Bool {
        var d = deadline
        return pthread_cond_timedwait(condition, mutex, &d) != ETIMEDOUT
    }

    /// The wall-clock time `seconds` from now, as `wait(until:)` takes it.
    static func deadline(afterSeconds seconds: Int) -> timespec {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        t.tv_sec += seconds
        return t
    }
}

/// Runs `body` on a new detached thread with the given stack size (Foundation's `Thread`, without Foundation).
func startThread(stackSize: Int, _ body: @escaping @Sendable () -> Void) {
    final class Box: @unchecked Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackSize)
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    #if canImport(Darwin)
        var thread: pthread_t?
    #else
        var thread = pthread_t()
    #endif
    let status = pthread_create(
        &thread, &attributes,
        { context in
            #if canImport(Darwin)
                let box = Unmanaged<AnyObject>.fromOpaque(context).takeRetainedValue()
            #else
                let box = Unmanaged<AnyObject>.fromOpaque(context!).takeRetainedValue()
            #endif
            (box as! Box).body()
            return nil
        }, context)
    precondition(status == 0, "convlens bench: cannot start the pty reader thread (\(status))")
}
