import ZooCore

// MARK: - The IDX format

/// An IDX file of unsigned bytes, the format of MNIST and Fashion-MNIST (LeCun et al.): a 4-byte magic
/// number `00 00 08 k` (0x08: unsigned byte data, k: the number of dimensions), k big-endian 32-bit
/// dimension sizes, then the data in row-major order. Images are k = 3 (count, rows, columns), labels
/// k = 1 (count). The file may be gzip-compressed (`CompressedFile`).
///
/// Every malformed file is refused naming the file and the fix: a wrong magic number, a data type
/// other than unsigned bytes, the wrong number of dimensions, a file shorter than its header says
/// (truncated), trailing bytes after the data.
struct IDXFile: Sendable {
    /// The dimension sizes (count first).
    let dimensions: [Int]
    /// The data, row-major.
    let bytes: [UInt8]

    /// Reads and checks `path`, which must have `rank` dimensions (3 for images, 1 for labels).
    init(path: String, rank: Int, hint: String = "") throws(ZooError) {
        try self.init(parsing: try CompressedFile.read(path, hint: hint), source: path, rank: rank)
    }

    init(parsing data: [UInt8], source: String, rank: Int) throws(ZooError) {
        let what = rank == 3 ? "images" : "labels"
        let expected = "00 00 08 0\(rank)"
        guard data.count >= 4 else {
            throw .invalidData(
                "\(source): \(data.count) bytes, too short for an IDX header (expected an IDX \(what) file starting \(expected)): check the path or download the file again"
            )
        }
        let magic = data[0..<4].map {
            String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
        }.joined(separator: " ")
        guard data[0] == 0, data[1] == 0 else {
            throw .invalidData(
                "\(source): not an IDX file (magic number \(magic), expected \(expected) for \(what)): check that the path names an MNIST-style IDX file"
            )
        }
        guard data[2] == 0x08 else {
            throw .invalidData(
                "\(source): IDX data type 0x\(String(data[2], radix: 16)) is not unsigned bytes (0x08; magic \(magic)): only byte images and labels (MNIST, Fashion-MNIST) are supported"
            )
        }
        guard Int(data[3]) == rank else {
            throw .invalidData(
                "\(source): an IDX file with \(data[3]) dimension(s) (magic \(magic)), but \(what) need \(rank) (expected \(expected)): did you swap the images and labels files?"
            )
        }
        let header = 4 + 4 * rank
        guard data.count >= header else {
            throw .invalidData(
                "\(source): truncated IDX header (\(data.count) bytes, the header needs \(header)): download the file again"
            )
        }
        var dimensions = [Int]()
        for k in 0..<rank {
            let offset = 4 + 4 * k
            dimensions.append(
                Int(data[offset]) << 24 | Int(data[offset + 1]) << 16 | Int(data[offset + 2]) << 8
                    | Int(data[offset + 3]))
        }
        let shape = dimensions.map(String.init).joined(separator: "×")
        var expectedBytes = 1
        for size in dimensions {
            let (product, overflow) = expectedBytes.multipliedReportingOverflow(by: size)
            guard !overflow else {
                throw .invalidData(
                    "\(source): the header's dimensions \(shape) describe more data than any file holds: not a well-formed IDX file"
                )
            }
            expectedBytes = product
        }
        guard data.count - header >= expectedBytes else {
            throw .invalidData(
                "\(source): truncated: the header says \(shape) = \(expectedBytes) bytes of data, the file has \(data.count - header): download the file again"
            )
        }
        guard data.count - header == expectedBytes else {
            throw .invalidData(
                "\(source): \(data.count - header - expectedBytes) bytes after the \(shape) data the header describes: not a well-formed IDX file"
            )
        }
        guard dimensions.allSatisfy({ $0 > 0 }) else {
            throw .invalidData("\(source): IDX dimensions \(shape) hold no data")
        }
        self.dimensions = dimensions
        self.bytes = Array(data[header...])
    }

    /// An IDX file's bytes: the magic number, the dimensions, the data (for writing test files).
    static func encode(dimensions: [Int], data: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for size in dimensions {
            bytes += [UInt8(size >> 24 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
        }
        return bytes + data
    }
}
