import DossierXML
import RuleLanguage
import Scoring
import Reports
import PortfolioRunner
import ToolSupport

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same portfolio on every
/// machine.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func chance(_ probability: Double) -> Bool { Double(next() % 10_000) / 10_000 < probability }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
}

/// Writes realistic synthetic dossiers in the dossier format: every section appears with some
/// probability, values vary, and each file is a few kilobytes, like the hand-written ones.
enum SyntheticPortfolio {
    static let countries = ["RU", "CN", "KZ", "KG", "UZ", "AM", "BY", "TJ", "MN", "TM"]
    static let sectors = ["telecommunications", "aerospace", "e-commerce", "research", "finance", "smart-city", "energy", "logistics", "agritech"]
    static let statuses = ["proposed", "agreed", "under-way", "delayed", "stalled", "completed", "cancelled"]
    static let kinds = ["state-body", "state-owned-company", "private-company", "fund", "university", "research-institute"]
    static let ratings = ["none", "good", "mixed", "poor"]
    static let fundingKinds = ["state-budget", "state-bank", "sovereign-fund", "corporate", "private-equity", "commercial-loan", "vendor-financing", "grant", "undisclosed"]
    static let transfers = ["none", "products-sold", "licence", "one-off-transfer", "joint-development"]
    static let levels = ["none", "contractual", "registered", "enforced"]
    static let barriers = ["local-content", "licensing", "certification", "data-localisation", "procurement-preference", "sanctions", "other"]
    static let stages = ["none", "memorandum", "framework", "binding-contract"]
    static let mechanisms = ["none", "negotiation", "domestic-court", "arbitration"]
    static let allegations = ["espionage", "ip-theft", "corruption", "sanctions-evasion", "other"]
    static let labels = ["belt-and-road", "digital-silk-road", "greater-eurasian-partnership", "eaeu-integration"]
    static let domains = ["5g", "ai", "big-data", "cloud", "satellite-navigation", "e-commerce", "fintech", "optical-cable", "iot"]

    static func date(_ random: inout SeededGenerator, from: Int = 2014, to: Int = 2030) -> String {
        let year = random.int(from...to)
        let month = random.int(1...12)
        let day = random.int(1...28)
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    static func dossier(index: Int, random: inout SeededGenerator) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let id = "synthetic-\(index)"
        x += "<dossier format=\"1\" id=\"\(id)\" asOf=\"\(date(&random, from: 2019, to: 2026))\">\n"
        let sector = random.pick(sectors)
        x += "  <identity>\n    <title source=\"s1\">Synthetic \(sector) cooperation project number \(index)</title>\n"
        x += "    <summary source=\"s1\">A generated project for benchmarking: a \(sector) partnership between parties from \(random.pick(countries)) and \(random.pick(countries)), with terms, money and people drawn at random but within the ranges real dossiers use.</summary>\n"
        x += "    <sector>\(sector)</sector>\n    <status>\(random.pick(statuses))</status>\n"
        x += "    <dates>\n      <announced>\(date(&random, from: 2014, to: 2020))</announced>\n      <plannedStart basis=\"estimate\">\(date(&random, from: 2020, to: 2023))</plannedStart>\n      <plannedEnd>\(date(&random, from: 2024, to: 2035))</plannedEnd>\n    </dates>\n  </identity>\n"
        x += "  <parties>\n"
        for party in 0..<random.int(2...4) {
            x += "    <party id=\"p\(party)\">\n      <name>Party \(party) of project \(index)</name>\n      <country>\(random.pick(countries))</country>\n      <kind>\(random.pick(kinds))</kind>\n      <role>\(random.pick(["developer", "investor", "operator", "supplier", "customer"]))</role>\n"
            if random.chance(0.7) {
                x += "      <trackRecord>\n        <jointProjects>\(random.int(0...9))</jointProjects>\n        <completed>\(random.int(0...5))</completed>\n        <abandoned>\(random.int(0...3))</abandoned>\n        <disputes>\(random.int(0...2))</disputes>\n        <rating>\(random.pick(ratings))</rating>\n      </trackRecord>\n"
            }
            x += "    </party>\n"
        }
        x += "  </parties>\n"
        if random.chance(0.85) {
            x += "  <finance>\n"
            let amount = Double(random.int(5...20_000)) * 1_000_000
            if random.chance(0.3) {
                x += "    <totalCost currency=\"USD\" min=\"\(Int(amount))\" max=\"\(Int(amount * 1.5))\" source=\"s1\"/>\n"
            } else {
                x += "    <totalCost currency=\"\(random.pick(["USD", "CNY", "RUB"]))\" amount=\"\(Int(amount))\" source=\"s1\"/>\n"
            }
            x += "    <funding>\n"
            for _ in 0..<random.int(1...3) {
                x += "      <fundingSource>\n        <name>Funder \(random.int(1...500))</name>\n        <kind>\(random.pick(fundingKinds))</kind>\n        <share>0.\(random.int(1...9))</share>\n      </fundingSource>\n"
            }
            x += "    </funding>\n"
            if random.chance(0.5) {
                let quoted = random.int(100...900)
                x += "    <pricing>\n      <quoted currency=\"USD\" amount=\"\(quoted * 1000)\"/>\n      <benchmark currency=\"USD\" amount=\"\(random.int(100...900) * 1000)\"/>\n    </pricing>\n"
            }
            x += "    <expectedPaybackYears>\(random.int(1...25))</expectedPaybackYears>\n    <commitmentYears>\(random.int(1...20))</commitmentYears>\n  </finance>\n"
        }
        if random.chance(0.8) {
            x += "  <host>\n    <country>\(random.pick(countries))</country>\n    <gdp currency=\"USD\" amount=\"\(random.int(5...2000) * 1_000_000_000)\" year=\"2020\"/>\n    <population>\(random.int(1...150) * 1_000_000)</population>\n    <areaKm2>\(random.int(10...17_000) * 1000)</areaKm2>\n    <marketInformation>\(random.pick(ratings))</marketInformation>\n  </host>\n"
        }
        if random.chance(0.85) {
            x += "  <technology>\n"
            for _ in 0..<random.int(1...3) { x += "    <domain>\(random.pick(domains))</domain>\n" }
            x += "    <transfer>\(random.pick(transfers))</transfer>\n    <coreProprietary>\(random.chance(0.5))</coreProprietary>\n    <readiness>\(random.pick(["research", "pilot", "mature"]))</readiness>\n"
            x += "    <ipProtection>\n"
            for country in ["RU", "CN"] where random.chance(0.7) {
                x += "      <jurisdiction country=\"\(country)\" level=\"\(random.pick(levels))\"/>\n"
            }
            x += "    </ipProtection>\n  </technology>\n"
        }
        if random.chance(0.7) {
            x += "  <marketAccess>\n    <partnerMarket>\(random.pick(["open", "partial", "closed"]))</partnerMarket>\n"
            for _ in 0..<random.int(0...2) { x += "    <barrier kind=\"\(random.pick(barriers))\">A barrier recorded by the analyst.</barrier>\n" }
            x += "  </marketAccess>\n"
        }
        if random.chance(0.6) {
            x += "  <people>\n    <teamSize>\(random.int(5...400))</teamSize>\n    <partnerLanguageShare>0.\(random.int(0...9))</partnerLanguageShare>\n    <interpreters>\(random.int(0...6))</interpreters>\n    <localHiringShare>0.\(random.int(0...9))</localHiringShare>\n  </people>\n"
        }
        if random.chance(0.85) {
            x += "  <agreement>\n    <stage>\(random.pick(stages))</stage>\n    <signed>\(date(&random, from: 2015, to: 2024))</signed>\n"
            x += "    <disputeResolution>\n      <mechanism>\(random.pick(mechanisms))</mechanism>\n      <venue>\(random.pick(["Moscow", "Beijing", "Singapore", "Stockholm", "Hong Kong"]))</venue>\n      <neutralVenue>\(random.chance(0.4))</neutralVenue>\n    </disputeResolution>\n"
            x += "    <projectOffice>\(random.chance(0.5))</projectOffice>\n    <milestones>\n"
            for milestone in 0..<random.int(0...4) {
                x += "      <milestone>\n        <name>Milestone \(milestone)</name>\n        <planned>\(date(&random, from: 2018, to: 2026))</planned>\n"
                if random.chance(0.5) { x += "        <actual>\(date(&random, from: 2018, to: 2027))</actual>\n" }
                x += "        <status>\(random.pick(["pending", "met", "missed"]))</status>\n      </milestone>\n"
            }
            x += "    </milestones>\n  </agreement>\n"
        }
        if random.chance(0.75) {
            x += "  <integrity>\n"
            if random.chance(0.2) { x += "    <intermediary>Consulting agent \(random.int(1...99))</intermediary>\n" }
            if random.chance(0.1) { x += "    <offshoreEntity jurisdiction=\"\(random.pick(["CY", "VG", "KY"]))\">Holding \(random.int(1...99)) Ltd</offshoreEntity>\n" }
            x += "    <undisclosedBeneficialOwner>\(random.chance(0.1))</undisclosedBeneficialOwner>\n"
            if random.chance(0.1) { x += "    <unusualPaymentRoute>Payments routed through a third country.</unusualPaymentRoute>\n" }
            if random.chance(0.15) { x += "    <allegation kind=\"\(random.pick(allegations))\" date=\"\(date(&random, from: 2016, to: 2025))\">An allegation reported in the press.</allegation>\n" }
            if random.chance(0.3) { x += "    <label claimed=\"\(random.pick(labels))\" officiallyListed=\"\(random.chance(0.3))\"/>\n" }
            x += "  </integrity>\n"
        }
        if random.chance(0.7) {
            x += "  <rationale>\n    <demandEvidence>\(random.pick(["none", "announced", "studied", "contracted"]))</demandEvidence>\n    <scope>\(random.pick(["defined", "partial", "undefined"]))</scope>\n    <statedGoal>Connect markets and share technology.</statedGoal>\n  </rationale>\n"
        }
        x += "  <evidence>\n    <source id=\"s1\">\n      <title>Synthetic source for project \(index)</title>\n      <date>2020-10</date>\n      <reference>generated by silkrisk-bench</reference>\n    </source>\n    <note>Generated; not a real project.</note>\n  </evidence>\n</dossier>\n"
        return x
    }
}
