/// The dossier schema compiled for the streaming reader: element and attribute declarations,
/// content models and identity constraints, with every name a number of `names`. Compiled from
/// the very XSD text libxml2 compiles (`StreamingSchema+Compile`), and only when the schema
/// keeps to the constructs compiled here; otherwise there is no streaming model and every
/// document goes through libxml2's validation.
///
/// What it decides is a subset of what libxml2 decides: a document it accepts is valid for
/// libxml2 too (`SimpleType` is conservative about values; contents, attributes and identity
/// constraints are checked exactly). A document it does not accept is read again the long way,
/// and libxml2 gives the verdict and the messages.
final class StreamingSchema: @unchecked Sendable {
    enum TypeReference: Sendable {
        case simple(Int)
        case complex(Int)
    }

    struct AttributeUse: Sendable {
        var name: Int32
        var type: Int
        var required: Bool
    }

    struct Particle: Sendable {
        enum Term: Sendable {
            case element(name: Int32, type: TypeReference)
            /// `xs:any processContents="skip"`: any element, its content not looked at.
            case skip
        }

        var term: Term
        var min: Int
        var max: Int
    }

    struct ComplexType: Sendable {
        enum Content: Sendable {
            /// Text of a simple type.
            case simple(Int)
            /// Elements in order; text only white space.
            case sequence([Particle])
            /// Nothing at all.
            case empty
        }

        var content: Content
        var attributes: [AttributeUse]
    }

    /// An `xs:key`, `xs:keyref` or `xs:unique` of the root element.
    struct IdentityConstraint: Sendable {
        enum Kind: Sendable, Equatable {
            case key, unique
            /// Refers to the constraint at this index.
            case keyref(Int)
        }

        enum Field: Sendable {
            case attribute(Int32)
            case element(Int32)
        }

        var kind: Kind
        /// Element names from the root, child by child.
        var selector: [Int32]
        var field: Field
    }

    let names: NameTable
    let rootName: Int32
    let rootType: TypeReference
    let identityConstraints: [IdentityConstraint]
    /// Names the checks after validation look for, by id.
    let source: Int32
    let evidence: Int32
    let id: Int32
    let extensions: Int32
    let notApplicable: Int32
    let item: Int32
    let path: Int32

    // The model as flat tables of plain values, read without reference counting by the
    // validation of every document (`StreamedValidation`).
    let simpleTypes: UnsafeMutableBufferPointer<SimpleType>
    let complexTypes: UnsafeMutableBufferPointer<FlatComplexType>
    let particles: UnsafeMutableBufferPointer<FlatParticle>
    let attributeUses: UnsafeMutableBufferPointer<FlatAttributeUse>

    struct FlatComplexType {
        enum Kind { case simple, sequence, empty }
        var kind: Kind
        var simpleType: Int
        var particles: Range<Int>
        var attributes: Range<Int>
    }

    struct FlatParticle {
        /// The element's name; -1 for `xs:any` that skips.
        var name: Int32
        var type: TypeReference
        var min: Int
        var max: Int
    }

    struct FlatAttributeUse {
        var name: Int32
        var type: Int
        var required: Bool
        /// An `xs:ID`: unique in the document.
        var isID: Bool
    }

    init(
        names: NameTable, simpleTypes: [SimpleType], complexTypes: [ComplexType], rootName: Int32, rootType: TypeReference,
        identityConstraints: [IdentityConstraint]
    ) {
        self.names = names
        self.simpleTypes = .allocate(capacity: simpleTypes.count)
        _ = self.simpleTypes.initialize(from: simpleTypes)
        var flatTypes: [FlatComplexType] = []
        var flatParticles: [FlatParticle] = []
        var flatUses: [FlatAttributeUse] = []
        for type in complexTypes {
            let uses = flatUses.count..<(flatUses.count + type.attributes.count)
            flatUses += type.attributes.map {
                FlatAttributeUse(name: $0.name, type: $0.type, required: $0.required, isID: simpleTypes[$0.type].base == .id)
            }
            switch type.content {
            case .simple(let simple):
                flatTypes.append(FlatComplexType(kind: .simple, simpleType: simple, particles: 0..<0, attributes: uses))
            case .empty:
                flatTypes.append(FlatComplexType(kind: .empty, simpleType: -1, particles: 0..<0, attributes: uses))
            case .sequence(let sequence):
                let range = flatParticles.count..<(flatParticles.count + sequence.count)
                for particle in sequence {
                    switch particle.term {
                    case .skip: flatParticles.append(FlatParticle(name: -1, type: .simple(-1), min: particle.min, max: particle.max))
                    case .element(let name, let type):
                        flatParticles.append(FlatParticle(name: name, type: type, min: particle.min, max: particle.max))
                    }
                }
                flatTypes.append(FlatComplexType(kind: .sequence, simpleType: -1, particles: range, attributes: uses))
            }
        }
        func table<Element>(_ elements: [Element]) -> UnsafeMutableBufferPointer<Element> {
            let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(elements.count, 1))
            _ = buffer.initialize(from: elements)
            return UnsafeMutableBufferPointer(rebasing: buffer[0..<elements.count])
        }
        self.complexTypes = table(flatTypes)
        particles = table(flatParticles)
        attributeUses = table(flatUses)
        self.rootName = rootName
        self.rootType = rootType
        self.identityConstraints = identityConstraints
        // A name the schema does not hold matches no element (-1 is "not in the table").
        func number(_ name: String) -> Int32 { names.id(name) ?? -2 }
        source = number("source")
        evidence = number("evidence")
        id = number("id")
        extensions = number("extensions")
        notApplicable = number("notApplicable")
        item = number("item")
        path = number("path")
    }

    deinit {
        simpleTypes.deinitialize()
        simpleTypes.deallocate()
        complexTypes.deallocate()
        particles.deallocate()
        attributeUses.deallocate()
    }
}
