// MARK: - Packing op(A) and op(B) into micro-panels

/// Copies the block `op(A)[rowStart ..< rowStart+rowCount, depthStart ..< depthStart+depth]` into
/// micro-panels of `panelRows` rows (the kernel's tile height): panel r holds, for each step p of the
/// inner dimension, the entries `op(A)[panelRows·r + 0…, p]` next to each other. Rows past `rowCount`
/// are padded with zeros so the micro-kernel never needs a special case.
///
/// `op(A)[i, p]` is `a[i·lda + p]` for `.none` and `a[p·lda + i]` for `.transpose`.
func packPanelsOfA(
    _ trans: Transpose, a: UnsafePointer<Double>, lda: Int,
    rowStart: Int, rowCount: Int, depthStart: Int, depth: Int, panelRows: Int,
    into packed: UnsafeMutablePointer<Double>
) {
    // The panel height is a constant in each call below, so the inner loops unroll.
    switch panelRows {
    case 6: packA(trans, a, lda, rowStart, rowCount, depthStart, depth, 6, packed)
    case 8: packA(trans, a, lda, rowStart, rowCount, depthStart, depth, 8, packed)
    default: packA(trans, a, lda, rowStart, rowCount, depthStart, depth, panelRows, packed)
    }
}

@inline(__always)
private func packA(
    _ trans: Transpose, _ a: UnsafePointer<Double>, _ lda: Int,
    _ rowStart: Int, _ rowCount: Int, _ depthStart: Int, _ depth: Int, _ panelRows: Int,
    _ packed: UnsafeMutablePointer<Double>
) {
    var target = packed
    for panelStart in stride(from: 0, to: rowCount, by: panelRows) {
        let rowsHere = min(panelRows, rowCount - panelStart)
        let firstRow = rowStart + panelStart
        switch trans {
        case .none:
            // Rows of A are contiguous along p: read the row streams side by side, so their loads are
            // in flight together and the stores are contiguous.
            let row0 = a + firstRow * lda + depthStart
            if rowsHere == panelRows {
                var destination = target
                for p in 0..<depth {
                    for r in 0..<panelRows { destination[r] = row0[r * lda + p] }
                    destination += panelRows
                }
            } else {
                var destination = target
                for p in 0..<depth {
                    for r in 0..<rowsHere { destination[r] = row0[r * lda + p] }
                    for r in rowsHere..<panelRows { destination[r] = 0 }
                    destination += panelRows
                }
            }
        case .transpose:
            // op(A)[i, p] = A[p, i]: the entries of one step are contiguous in A.
            for p in 0..<depth {
                let source = a + (depthStart + p) * lda + firstRow
                let destination = target + p * panelRows
                for r in 0..<rowsHere { destination[r] = source[r] }
                for r in rowsHere..<panelRows { destination[r] = 0 }
            }
        }
        target += panelRows * depth
    }
}

/// Copies the block `op(B)[depthStart ..< depthStart+depth, columnStart ..< columnStart+columnCount]`
/// into micro-panels of `panelColumns` columns (the kernel's tile width, a multiple of 8): panel q
/// holds, for each step p, the entries `op(B)[p, panelColumns·q + 0…]` next to each other,
/// zero-padded past `columnCount`.
///
/// `op(B)[p, j]` is `b[p·ldb + j]` for `.none` and `b[j·ldb + p]` for `.transpose`.
func packPanelsOfB(
    _ trans: Transpose, b: UnsafePointer<Double>, ldb: Int,
    depthStart: Int, depth: Int, columnStart: Int, columnCount: Int, panelColumns: Int,
    into packed: UnsafeMutablePointer<Double>
) {
    precondition(panelColumns % 8 == 0, "B micro-panels are packed in groups of eight columns")
    switch panelColumns {
    case 8: packB(trans, b, ldb, depthStart, depth, columnStart, columnCount, 8, packed)
    case 24: packB(trans, b, ldb, depthStart, depth, columnStart, columnCount, 24, packed)
    default: packB(trans, b, ldb, depthStart, depth, columnStart, columnCount, panelColumns, packed)
    }
}

@inline(__always)
private func packB(
    _ trans: Transpose, _ b: UnsafePointer<Double>, _ ldb: Int,
    _ depthStart: Int, _ depth: Int, _ columnStart: Int, _ columnCount: Int, _ panelColumns: Int,
    _ packed: UnsafeMutablePointer<Double>
) {
    var target = packed
    for panelStart in stride(from: 0, to: columnCount, by: panelColumns) {
        let columnsHere = min(panelColumns, columnCount - panelStart)
        let firstColumn = columnStart + panelStart
        switch trans {
        case .none:
            // Rows of B are contiguous along j: whole vectors when the panel is full.
            if columnsHere == panelColumns {
                for p in 0..<depth {
                    let source = b + (depthStart + p) * ldb + firstColumn
                    let destination = target + p * panelColumns
                    var j = 0
                    while j < panelColumns {
                        storeVector(loadVector(source + j), destination + j)
                        j += 4
                    }
                }
            } else {
                for p in 0..<depth {
                    let source = b + (depthStart + p) * ldb + firstColumn
                    let destination = target + p * panelColumns
                    for j in 0..<columnsHere { destination[j] = source[j] }
                    for j in columnsHere..<panelColumns { destination[j] = 0 }
                }
            }
        case .transpose:
            // op(B)[p, j] = B[j, p]: gather row streams of B, eight at a time, four steps at a time
            // (a 4×4 transpose per half of each group of eight).
            let fullGroups = columnsHere / 8
            for group in 0..<fullGroups {
                let row0 = b + (firstColumn + 8 * group) * ldb + depthStart
                transposeEightRows(row0, ldb: ldb, depth: depth, into: target + 8 * group, stride: panelColumns)
            }
            let done = fullGroups * 8
            if done < panelColumns {
                for j in done..<columnsHere {
                    let source = b + (firstColumn + j) * ldb + depthStart
                    for p in 0..<depth { target[p * panelColumns + j] = source[p] }
                }
                for p in 0..<depth {
                    for j in max(done, columnsHere)..<panelColumns { target[p * panelColumns + j] = 0 }
                }
            }
        }
        target += panelColumns * depth
    }
}

/// Writes `out[p·stride + j] = rows[j][p]` for eight rows `row0 + j·ldb`, p in 0..<depth.
@inline(__always)
private func transposeEightRows(
    _ row0: UnsafePointer<Double>, ldb: Int, depth: Int,
    into out: UnsafeMutablePointer<Double>, stride: Int
) {
    let r0 = row0
    let r1 = r0 + ldb
    let r2 = r1 + ldb
    let r3 = r2 + ldb
    let r4 = r3 + ldb
    let r5 = r4 + ldb
    let r6 = r5 + ldb
    let r7 = r6 + ldb
    var p = 0
    while p + 4 <= depth {
        // Two 4×4 transposes: columns 0…3 from rows 0…3 and columns 4…7 from rows 4…7.
        let v0 = loadVector(r0 + p)
        let v1 = loadVector(r1 + p)
        let v2 = loadVector(r2 + p)
        let v3 = loadVector(r3 + p)
        let w0 = loadVector(r4 + p)
        let w1 = loadVector(r5 + p)
        let w2 = loadVector(r6 + p)
        let w3 = loadVector(r7 + p)
        for q in 0..<4 {
            let destination = out + (p + q) * stride
            storeVector(SIMD4(v0[q], v1[q], v2[q], v3[q]), destination)
            storeVector(SIMD4(w0[q], w1[q], w2[q], w3[q]), destination + 4)
        }
        p += 4
    }
    while p < depth {
        let destination = out + p * stride
        destination[0] = r0[p]
        destination[1] = r1[p]
        destination[2] = r2[p]
        destination[3] = r3[p]
        destination[4] = r4[p]
        destination[5] = r5[p]
        destination[6] = r6[p]
        destination[7] = r7[p]
        p += 1
    }
}
