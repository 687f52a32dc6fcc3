/// A file or directory cannot be found, opened or read, or is empty or too large; or a file cannot be created.
public indirect enum FileProblem: Equatable, Sendable {
    /// ENOENT: "no such file" (or directory).
    case missing(directory: Bool)
    case permissionDenied
    case linkLoop
    case nameTooLong
    case notADirectoryInPath
    case ioError
    case tooManyFiles
    /// Any other errno: the C library's words (`strerror`, English whatever the language), in lower case.
    case system(String)
    /// Something other than what was expected (a scenario file or a directory) is at the path.
    case wrongKind(FileKind, expected: Wanted)
    case nameHasNUL
    /// A symbolic link to nothing; its target, shown.
    case brokenLink(String)
    /// Reading failed part way.
    case cannotBeRead(FileProblem)
    /// Over `Limits.fileBytes`.
    case tooLarge
    /// Nothing but white space (or a byte-order mark).
    case empty
    case expectedFileName
    /// The file to write exists (and replacing it was not asked for).
    case alreadyExists
    /// A name that is no file, but the start of `count` catalog names (the first three, shown; `more` when there are
    /// more).
    case ambiguousName(count: Int, names: [String], more: Bool)

    /// What can be at a path.
    public enum FileKind: Equatable, Sendable {
        case regularFile, directory, fifo, characterDevice, blockDevice, socket, unknown
    }

    /// What should have been at a path.
    public enum Wanted: Equatable, Sendable {
        case scenarioFile, directory
    }

    public func text(_ l: Language) -> String {
        switch self {
        case .missing(let directory):
            directory ? l.say("no such directory", "没有这个目录") : l.say("no such file", "没有这个文件")
        case .permissionDenied: l.say("permission denied", "没有权限")
        case .linkLoop:
            l.say("too many levels of symbolic links (a link that leads back to itself?)", "符号链接层数太多（是不是有链接指回了自己？）")
        case .nameTooLong: l.say("the name is too long for the file system", "名字太长，文件系统不接受")
        case .notADirectoryInPath: l.say("a part of the path is not a directory", "路径中有一部分不是目录")
        case .ioError: l.say("input/output error", "输入/输出错误")
        case .tooManyFiles: l.say("too many open files", "打开的文件太多")
        case .system(let words): l.say(words, "系统错误：\(words)")
        case .wrongKind(let kind, let expected):
            kind.text(l) + l.say(", expected ", "，应为") + expected.text(l)
        case .nameHasNUL: l.say("the name contains a NUL byte", "名字里有 NUL 字节")
        case .brokenLink(let target):
            l.say("is a symbolic link to a missing file (\(target))", "是指向不存在的文件的符号链接（\(target)）")
        case .cannotBeRead(let why): l.say("cannot be read: ", "无法读取：") + why.text(l)
        case .tooLarge: l.say("the file is larger than the 1 MiB limit", "文件超过了 1 MiB 的上限")
        case .empty: l.say("the file is empty, expected a JSON object", "文件是空的，应为一个 JSON 对象")
        case .expectedFileName: l.say("expected a file name", "应为文件名")
        case .alreadyExists: l.say("already exists", "已存在")
        case .ambiguousName(let count, let names, let more):
            l.say(
                "no such file, and \(count) catalog names start with it (\(names.joined(separator: ", "))"
                    + (more ? ", …" : "") + "); give more of the name",
                "没有这个文件，而场景库中有 \(count) 个名字以它开头（\(names.joined(separator: "、"))"
                    + (more ? "、…" : "") + "）；请把名字写得更完整")
        }
    }
}

extension FileProblem.FileKind {
    /// What is there: "is a directory" / "是一个目录".
    func text(_ l: Language) -> String {
        switch self {
        case .regularFile: l.say("is a file", "是一个文件")
        case .directory: l.say("is a directory", "是一个目录")
        case .fifo: l.say("is a FIFO (named pipe)", "是一个 FIFO（命名管道）")
        case .characterDevice: l.say("is a character device", "是一个字符设备")
        case .blockDevice: l.say("is a block device", "是一个块设备")
        case .socket: l.say("is a socket", "是一个套接字")
        case .unknown: l.say("is not a regular file", "不是普通文件")
        }
    }
}

extension FileProblem.Wanted {
    func text(_ l: Language) -> String {
        switch self {
        case .scenarioFile: l.say("a scenario file", "场景文件")
        case .directory: l.say("a directory", "目录")
        }
    }
}

/// A scenario or a result cannot be written.
public enum OutputProblem: Equatable, Sendable {
    /// A padding other than "same" that differs between the sides.
    case unevenPadding
    /// The written numbers would exceed the file limit.
    case tooLarge(bytes: Int, limit: Int)
    case notReadBack
    /// The player has no scenario to save.
    case nothingToSave
    /// `eval --matrix` on a layer whose matrix is too large.
    case matrixTooLarge(rows: Int, columns: Int, limit: Int)

    public func text(_ l: Language) -> String {
        switch self {
        case .unevenPadding:
            l.say(
                "uneven padding other than \"same\" cannot be written in a scenario file",
                "除了 \"same\"，两边不等的填充无法写进场景文件")
        case .tooLarge(let bytes, let limit):
            l.say(
                "the numbers take \(bytes) bytes, over the file limit of \(limit)", "这些数字要占 \(bytes) 字节，超过文件上限 \(limit)"
            )
        case .notReadBack:
            l.say("the written file would not read back as the same scenario", "写出的文件读回来不会是同一个场景")
        case .nothingToSave: l.say("nothing to save", "没有可保存的场景")
        case .matrixTooLarge(let rows, let columns, let limit):
            l.say(
                "the matrix would have \(rows)×\(columns) entries, more than \(limit) (--matrix)",
                "矩阵将有 \(rows)×\(columns) 个元素，超过 \(limit)（--matrix）")
        }
    }
}
