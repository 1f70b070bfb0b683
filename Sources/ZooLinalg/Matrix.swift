// MARK: - Matrix

/// A dense, row-major matrix of `Double` with value semantics.
///
/// Element (i, j) lives at `elements[i * columns + j]`. Hot loops work on raw pointers obtained with
/// `withUnsafeBufferPointer` / `withUnsafeMutableBufferPointer`; everything else uses the subscript.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The entries in row-major order (`rows * columns` of them).
    public var elements: [Double]

    /// A `rows × columns` matrix with every entry equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major entries; `elements.count` must equal `rows * columns`.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(elements.count == rows * columns, "Matrix needs rows*columns entries")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from an array of equally long rows.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "All rows must have the same length")
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    /// A matrix whose entries are `entry(i, j)`.
    public init(rows: Int, columns: Int, entry: (Int, Int) -> Double) {
        var elements = [Double]()
        elements.reserveCapacity(rows * columns)
        for i in 0..<rows { for j in 0..<columns { elements.append(entry(i, j)) } }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    /// The n×n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.elements[i * n + i] = 1 }
        return m
    }

    /// The square matrix with `diagonal` on its diagonal.
    public static func diagonal(_ diagonal: [Double]) -> Matrix {
        let n = diagonal.count
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.elements[i * n + i] = diagonal[i] }
        return m
    }

    // MARK: Element access

    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// Row `i` as a new array.
    public func row(_ i: Int) -> [Double] {
        Array(elements[(i * columns)..<((i + 1) * columns)])
    }

    /// Column `j` as a new array.
    public func column(_ j: Int) -> [Double] {
        (0..<rows).map { elements[$0 * columns + j] }
    }

    /// The rows at `indices`, in that order, as a new matrix.
    public func rows(at indices: [Int]) -> Matrix {
        var result = [Double]()
        result.reserveCapacity(indices.count * columns)
        for i in indices { result.append(contentsOf: elements[(i * columns)..<((i + 1) * columns)]) }
        return Matrix(rows: indices.count, columns: columns, elements: result)
    }

    /// The transpose, as a new matrix.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        let blockSize = 32
        elements.withUnsafeBufferPointer { source in
            t.elements.withUnsafeMutableBufferPointer { target in
                for i0 in stride(from: 0, to: rows, by: blockSize) {
                    for j0 in stride(from: 0, to: columns, by: blockSize) {
                        for i in i0..<min(i0 + blockSize, rows) {
                            for j in j0..<min(j0 + blockSize, columns) {
                                target[j * rows + i] = source[i * columns + j]
                            }
                        }
                    }
                }
            }
        }
        return t
    }

    /// True when every entry is finite (no NaN, no infinity).
    public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }

    /// The largest absolute entry (0 for an empty matrix).
    public var maxAbs: Double { elements.reduce(0) { max($0, abs($1)) } }

    /// The Frobenius norm.
    public var frobeniusNorm: Double { Vectors.norm2(elements) }

    // MARK: Raw access

    /// Calls `body` with a pointer to the row-major entries.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try elements.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the row-major entries.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
    ) rethrows -> R {
        try elements.withUnsafeMutableBufferPointer(body)
    }
}
