/// The caps that keep hostile input bounded.
public struct XMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    public var maxBytes: Int
    /// Most attributes one element may carry. libxml2 2.9 checks duplicate attributes pairwise,
    /// so parse time grows with the square of this count.
    public var maxAttributesPerElement: Int

    public init(maxBytes: Int = 1 << 20, maxAttributesPerElement: Int = 64) {
        self.maxBytes = maxBytes
        self.maxAttributesPerElement = maxAttributesPerElement
    }

    public static let `default` = XMLLimits()
}
