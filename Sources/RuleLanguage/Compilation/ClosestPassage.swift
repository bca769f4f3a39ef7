/// The passage of a source text closest to a quote that is not in it: what a `cite` most likely
/// meant, offered as the fix of a `quote-not-found` error.
enum ClosestPassage {
    /// The passage of `text` that best matches `quote` — a local alignment (Smith–Waterman) on
    /// the normalised UTF-8 bytes, a matching byte worth 2 and a different, missing or extra
    /// one costing 1 — widened to whole words (a passage never starts or ends inside a word).
    /// Nil when the best alignment is worth less than the quote's length, half of what the
    /// quote itself would score: that is no longer a misquote but a different sentence. Cost:
    /// the quote's length times the text's, paid only for a quote that was not found.
    ///
    /// Rewarding matches rather than counting edits keeps what the quote shares with the
    /// source: "the leak of valuable" is closest to "the leak or transfer of valuable", not to
    /// "transfer of valuable", which is fewer edits away.
    static func find(_ quote: [UInt8], in text: [UInt8]) -> String? {
        guard !quote.isEmpty, !text.isEmpty else { return nil }
        // Row by row over the quote: score[j] is the best alignment of part of the quote so far
        // ending with its last byte, against a passage of the text ending before byte j;
        // start[j] is where that passage starts.
        var score = [Int](repeating: 0, count: text.count + 1)
        var start = Array(0...text.count)
        var nextScore = score
        var nextStart = start
        var best = (score: 0, start: 0, end: 0)
        for byte in quote {
            nextScore[0] = 0
            nextStart[0] = 0
            for column in 1...text.count {
                // Nothing yet; match or substitute; a byte of the quote missing from the text;
                // a byte of the text missing from the quote.
                var value = 0
                var from = column
                let diagonal = score[column - 1] + (text[column - 1] == byte ? 2 : -1)
                if diagonal > value {
                    value = diagonal
                    from = start[column - 1]
                }
                if score[column] - 1 > value {
                    value = score[column] - 1
                    from = start[column]
                }
                if nextScore[column - 1] - 1 > value {
                    value = nextScore[column - 1] - 1
                    from = nextStart[column - 1]
                }
                nextScore[column] = value
                nextStart[column] = from
                if value > best.score { best = (value, from, column) }
            }
            swap(&score, &nextScore)
            swap(&start, &nextStart)
        }
        guard best.score >= quote.count else { return nil }
        var first = best.start
        var last = best.end
        func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") }
        // Letters and digits, and every byte of a character beyond ASCII (so that a passage is
        // never cut inside one).
        func isWord(_ byte: UInt8) -> Bool {
            byte >= 0x80 || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        while first < last, isSpace(text[first]) { first += 1 }
        while last > first, isSpace(text[last - 1]) { last -= 1 }
        // Whole words: back to the start of the first one, on to the end of the last one.
        while first > 0, first < last, isWord(text[first]), isWord(text[first - 1]) { first -= 1 }
        while last < text.count, last > first, isWord(text[last - 1]), isWord(text[last]) { last += 1 }
        guard first < last else { return nil }
        return String(decoding: text[first..<last], as: UTF8.self)
    }
}
