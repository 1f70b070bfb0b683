// MARK: - Packing op(A) and op(B) into micro-panels

/// Copies the block `op(A)[rowStart ..< rowStart+rowCount, depthStart ..< depthStart+depth]` into
/// micro-panels of `MicroTile.rows` rows: panel r holds, for each step p of the inner dimension, the
/// entries `op(A)[6r + 0…5, p]` next to each other. Rows past `rowCount` are padded with zeros so the
/// micro-kernel never needs a special case.
///
/// `op(A)[i, p]` is `a[i·lda + p]` for `.none` and `a[p·lda + i]` for `.transpose`.
func packPanelsOfA(
    _ trans: Transpose, a: UnsafePointer<Double>, lda: Int,
    rowStart: Int, rowCount: Int, depthStart: Int, depth: Int,
    into packed: UnsafeMutablePointer<Double>
) {
    let panelRows = MicroTile.rows
    var target = packed
    for panelStart in stride(from: 0, to: rowCount, by: panelRows) {
        let rowsHere = min(panelRows, rowCount - panelStart)
        let firstRow = rowStart + panelStart
        switch trans {
        case .none:
            // Rows of A are contiguous along p: read the six row streams side by side, so the loads
            // of all six are in flight together and the stores are contiguous.
            if rowsHere == panelRows {
                let row0 = a + firstRow * lda + depthStart
                let row1 = row0 + lda, row2 = row1 + lda, row3 = row2 + lda, row4 = row3 + lda, row5 = row4 + lda
                var destination = target
                for p in 0..<depth {
                    destination[0] = row0[p]; destination[1] = row1[p]; destination[2] = row2[p]
                    destination[3] = row3[p]; destination[4] = row4[p]; destination[5] = row5[p]
                    destination += panelRows
                }
                break
            }
            for r in 0..<rowsHere {
                let source = a + (firstRow + r) * lda + depthStart
                for p in 0..<depth { target[p * panelRows + r] = source[p] }
            }
            if rowsHere < panelRows {
                for p in 0..<depth {
                    for r in rowsHere..<panelRows { target[p * panelRows + r] = 0 }
                }
            }
        case .transpose:
            // op(A)[i, p] = A[p, i]: the six entries of one step are contiguous in A.
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
/// into micro-panels of `MicroTile.columns` columns: panel q holds, for each step p, the entries
/// `op(B)[p, 8q + 0…7]` next to each other, zero-padded past `columnCount`.
///
/// `op(B)[p, j]` is `b[p·ldb + j]` for `.none` and `b[j·ldb + p]` for `.transpose`.
func packPanelsOfB(
    _ trans: Transpose, b: UnsafePointer<Double>, ldb: Int,
    depthStart: Int, depth: Int, columnStart: Int, columnCount: Int,
    into packed: UnsafeMutablePointer<Double>
) {
    let panelColumns = MicroTile.columns
    var target = packed
    for panelStart in stride(from: 0, to: columnCount, by: panelColumns) {
        let columnsHere = min(panelColumns, columnCount - panelStart)
        let firstColumn = columnStart + panelStart
        switch trans {
        case .none:
            // Rows of B are contiguous along j: eight entries per step, two vectors when full.
            if columnsHere == panelColumns {
                for p in 0..<depth {
                    let source = b + (depthStart + p) * ldb + firstColumn
                    storeVector(loadVector(source), target + p * panelColumns)
                    storeVector(loadVector(source + 4), target + p * panelColumns + 4)
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
            // op(B)[p, j] = B[j, p]: gather eight row streams of B, side by side, four steps at a
            // time (a 4×4 transpose per half of the panel).
            if columnsHere == panelColumns {
                let row0 = b + firstColumn * ldb + depthStart
                transposeEightRows(row0, ldb: ldb, depth: depth, into: target)
                break
            }
            for j in 0..<columnsHere {
                let source = b + (firstColumn + j) * ldb + depthStart
                for p in 0..<depth { target[p * panelColumns + j] = source[p] }
            }
            if columnsHere < panelColumns {
                for p in 0..<depth {
                    for j in columnsHere..<panelColumns { target[p * panelColumns + j] = 0 }
                }
            }
        }
        target += panelColumns * depth
    }
}

/// Writes `out[p·8 + j] = rows[j][p]` for eight rows `row0 + j·ldb`, p in 0..<depth.
@inline(__always)
private func transposeEightRows(_ row0: UnsafePointer<Double>, ldb: Int, depth: Int,
                                into out: UnsafeMutablePointer<Double>) {
    let r0 = row0, r1 = r0 + ldb, r2 = r1 + ldb, r3 = r2 + ldb
    let r4 = r3 + ldb, r5 = r4 + ldb, r6 = r5 + ldb, r7 = r6 + ldb
    var p = 0
    while p + 4 <= depth {
        // Two 4×4 transposes: columns 0…3 from rows 0…3 and columns 4…7 from rows 4…7.
        let v0 = loadVector(r0 + p), v1 = loadVector(r1 + p), v2 = loadVector(r2 + p), v3 = loadVector(r3 + p)
        let w0 = loadVector(r4 + p), w1 = loadVector(r5 + p), w2 = loadVector(r6 + p), w3 = loadVector(r7 + p)
        for q in 0..<4 {
            let destination = out + (p + q) * 8
            storeVector(SIMD4(v0[q], v1[q], v2[q], v3[q]), destination)
            storeVector(SIMD4(w0[q], w1[q], w2[q], w3[q]), destination + 4)
        }
        p += 4
    }
    while p < depth {
        let destination = out + p * 8
        destination[0] = r0[p]; destination[1] = r1[p]; destination[2] = r2[p]; destination[3] = r3[p]
        destination[4] = r4[p]; destination[5] = r5[p]; destination[6] = r6[p]; destination[7] = r7[p]
        p += 1
    }
}
