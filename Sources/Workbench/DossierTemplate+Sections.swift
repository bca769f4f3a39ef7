// The sections of the skeleton, in the schema's order (Sources/DossierXML/Schema/dossier-v1.xsd).
// Each comment says what the element is for, and which rules read it.

extension DossierTemplate {
    func identity(_ out: inout TemplateWriter) {
        out.group("identity", about: "Required: what the project is.") { out in
            if title == "…" {
                out.element("title", example: "Example project", about: "Required: the project's name.")
            } else {
                out.comment("Required: the project's name.")
                out.line("<title>\(TemplateWriter.escape(title))</title>")
            }
            out.element(
                "summary", example: "What the project does, in a sentence or two.", about: "One or two sentences." + readers("identity/summary"))
            out.element("sector", example: "telecommunications", about: "The sector, in words." + readers("identity/sector"))
            out.element(
                "status", example: "proposed",
                about: "proposed | agreed | under-way | delayed | stalled | completed | cancelled." + readers("identity/status"))
            out.group("dates", about: "Dates as YYYY-MM-DD; delete those not known.") { out in
                for (name, about) in [
                    ("announced", "When the project was first announced."), ("plannedStart", "When work is planned to start."),
                    ("plannedEnd", "When work is planned to end."), ("actualStart", "When work did start."),
                    ("actualEnd", "When work did end."),
                ] {
                    out.element(name, example: "2026-01-15", about: about + readers("identity/dates/" + name))
                }
            }
        }
    }

    func parties(_ out: inout TemplateWriter) {
        out.group("parties", about: "Who takes part: one <party> each, with an id other elements can name.") { out in
            out.group("party", out.attribute("id", "partner-a"), about: "A party; the id is a name without spaces.") { out in
                out.element("name", example: "Partner A", about: "Required: the party's name.")
                out.element("country", example: "RU", about: "ISO 3166 alpha-2 code." + readers("parties/party/country"))
                out.element(
                    "kind", example: "private-company",
                    about: "state-body | state-owned-company | private-company | fund | university | research-institute | international-organisation."
                        + readers("parties/party/kind"))
                out.element("role", example: "co-developer", about: "What the party does in the project.")
                out.group(
                    "trackRecord", about: "The party's record of earlier joint work with the partner side." + readers("parties/party/trackRecord")
                ) { out in
                    out.element("jointProjects", example: "4", about: "Earlier joint projects.")
                    out.element("completed", example: "3", about: "Of those, completed.")
                    out.element("abandoned", example: "0", about: "Of those, abandoned.")
                    out.element("disputes", example: "0", about: "Disputes with the partner side.")
                    out.element("rating", example: "good", about: "none | good | mixed | poor.")
                    out.element("note", example: "How the earlier projects went.", about: "What the record rests on.")
                }
            }
        }
    }

    func finance(_ out: inout TemplateWriter) {
        let money = out.attribute("currency", "USD") + " " + out.attribute("amount", "1000000")
        out.group("finance", about: "Money: cost, funding, price, time horizon.") { out in
            out.empty(
                "totalCost", money,
                about: "The whole cost: currency (ISO 4217) and amount, or min=\"…\" max=\"…\" for a range; year=\"YYYY\" optional."
                    + readers("finance/totalCost"))
            out.group("funding", about: "Where the money comes from: one <fundingSource> each." + readers("finance/funding")) { out in
                out.group(
                    "fundingSource", out.attribute("party", "partner-a"),
                    about: "party=\"id\" names the <party> that provides it; delete it when none does."
                ) { out in
                    out.element("name", example: "Partner A", about: "Required: who provides the money.")
                    out.element(
                        "kind", example: "corporate",
                        about:
                            "state-budget | state-bank | sovereign-fund | corporate | private-equity | commercial-loan | vendor-financing | grant | undisclosed | other."
                    )
                    out.element("description", example: "Own funds.", about: "What the money is, when the kind is other.")
                    out.element("share", example: "0.5", about: "Share of the total, 0 to 1.")
                    out.empty("amount", money, about: "The amount, as money.")
                }
            }
            out.group("pricing", about: "The price asked against what comparable work costs." + readers("finance/pricing")) { out in
                out.empty("quoted", money, about: "The price asked.")
                out.empty("benchmark", money, about: "What comparable work costs.")
                out.element("benchmarkBasis", example: "Recent tenders for comparable work.", about: "How the benchmark was found.")
            }
            out.element("expectedPaybackYears", example: "6", about: "Years until it pays back." + readers("finance/expectedPaybackYears"))
            out.element("commitmentYears", example: "10", about: "Years the parties commit for." + readers("finance/commitmentYears"))
        }
    }

    func host(_ out: inout TemplateWriter) {
        out.group("host", about: "A host country; repeat <host> for each country a project spans." + readers("host")) { out in
            out.element("country", example: "KZ", about: "Required: ISO 3166 alpha-2 code.")
            out.empty(
                "gdp", out.attribute("currency", "USD") + " " + out.attribute("amount", "170000000000") + " year=\"2020\"", about: "Annual GDP.")
            out.element("population", example: "18750000", about: "Inhabitants.")
            out.element("areaKm2", example: "2724900", about: "Land area in km².")
            out.element("marketInformation", example: "mixed", about: "How accessible information on its market is: none | poor | mixed | good.")
        }
    }

    func technology(_ out: inout TemplateWriter) {
        out.group("technology", about: "What technology, how it moves, how it is protected.") { out in
            out.element("domain", example: "5G mobile networks", about: "A technology area; repeat for each." + readers("technology/domain"))
            out.element(
                "transfer", example: "joint-development",
                about: "none | products-sold | licence | one-off-transfer | joint-development." + readers("technology/transfer"))
            out.element(
                "coreProprietary", example: "false",
                about: "true when a party's core, proprietary technology is involved." + readers("technology/coreProprietary"))
            out.element("readiness", example: "pilot", about: "research | pilot | mature." + readers("technology/readiness"))
            out.element(
                "dependsOn", example: "Spectrum licences",
                about: "Something outside the project it depends on; repeat." + readers("technology/dependsOn"))
            out.group(
                "deployment", out.attribute("scope", "regional"),
                about: "Where it is deployed: scope single-site | local | regional | national | multinational." + readers("technology/deployment")
            ) { out in
                out.element("description", example: "Two northern provinces.", about: "The area, in words.")
                out.element("population", example: "1200000", about: "Inhabitants of the area covered.")
                out.element("areaKm2", example: "250000", about: "Its area in km².")
            }
            out.element(
                "overInvestmentWarning", example: "Who warned, and what they said.",
                about: "A published warning of over-investment in the technology; repeat." + readers("technology/overInvestmentWarning"))
            out.group("ipProtection", about: "IP protection, one <jurisdiction> per country." + readers("technology/ipProtection")) { out in
                out.empty(
                    "jurisdiction", out.attribute("country", "RU") + " " + out.attribute("level", "registered"),
                    about: "level: none | contractual | registered | enforced.")
            }
        }
    }

    func marketAccess(_ out: inout TemplateWriter) {
        out.group("marketAccess", about: "Access to the partner's market.") { out in
            out.element("partnerMarket", example: "partial", about: "open | partial | closed." + readers("marketAccess/partnerMarket"))
            out.element(
                "barrier", out.attribute("kind", "certification"), example: "What stands in the way.",
                about: "kind: local-content | licensing | certification | data-localisation | procurement-preference | sanctions | other; repeat."
                    + readers("marketAccess/barrier"))
        }
    }

    func people(_ out: inout TemplateWriter) {
        out.group("people", about: "The team.") { out in
            out.element("teamSize", example: "24", about: "People working on the project." + readers("people/teamSize"))
            out.element(
                "partnerLanguageShare", example: "0.4",
                about: "Share of the team able to work in the partner's language, 0 to 1." + readers("people/partnerLanguageShare"))
            out.element("interpreters", example: "2", about: "Interpreters available." + readers("people/interpreters"))
            out.element("localHiringShare", example: "0.5", about: "Share hired locally, 0 to 1." + readers("people/localHiringShare"))
        }
    }

    func agreement(_ out: inout TemplateWriter) {
        out.group("agreement", about: "What is signed and how disputes are settled.") { out in
            out.element("stage", example: "binding-contract", about: "none | memorandum | framework | binding-contract." + readers("agreement/stage"))
            out.element("signed", example: "2026-03-01", about: "When it was signed." + readers("agreement/signed"))
            out.group("disputeResolution", about: "How disputes are settled." + readers("agreement/disputeResolution")) { out in
                out.element("mechanism", example: "arbitration", about: "none | negotiation | domestic-court | arbitration.")
                out.element("venue", example: "Singapore International Arbitration Centre", about: "The court or centre, and its city.")
                out.element("neutralVenue", example: "true", about: "true when the venue is in neither side's country.")
            }
            out.element(
                "projectOffice", example: "true", about: "A joint project office or steering body manages it." + readers("agreement/projectOffice"))
            out.group("milestones", about: "The milestones; an empty <milestones/> says there are none." + readers("agreement/milestones")) { out in
                out.group("milestone", about: "A milestone; repeat.") { out in
                    out.element("name", example: "Pilot complete", about: "Required.")
                    out.element("planned", example: "2026-12-31", about: "Planned date.")
                    out.element("actual", example: "2026-12-20", about: "Actual date.")
                    out.element("status", example: "met", about: "pending | met | missed.")
                }
            }
        }
    }

    func progress(_ out: inout TemplateWriter) {
        out.group("progress", about: "What it has delivered, and what independent experts expect.") { out in
            out.element(
                "resultsToDate", out.attribute("assessedOn", "2026-06-30"), example: "limited",
                about: "none | limited | significant." + readers("progress/resultsToDate"))
            out.element(
                "expertOutlook", out.attribute("by", "An independent expert") + " " + out.attribute("outlook", "uncertain"),
                example: "What they said.", about: "A published outlook: negative | uncertain | positive; repeat." + readers("progress/expertOutlook")
            )
        }
    }

    func integrity(_ out: inout TemplateWriter) {
        out.group(
            "integrity",
            about:
                "Integrity checks. Present means checked: a list without items means none found. Write checked=\"false\" to record what is known without the checks."
                + readers("integrity")
        ) { out in
            out.element(
                "intermediary", out.attribute("party", "partner-a"), example: "An agent between the parties.",
                about: "An intermediary; party=\"id\" when it is a <party>; repeat.")
            out.element(
                "offshoreEntity", out.attribute("jurisdiction", "CY"), example: "A holding company.",
                about: "An offshore company in ownership or payments; repeat.")
            out.element("undisclosedBeneficialOwner", example: "false", about: "true when an ultimate owner is not disclosed.")
            out.element(
                "unusualPaymentRoute", example: "Payments through a third country.",
                about: "A payment route that does not follow the contract; repeat.")
            out.element(
                "allegation",
                out.attribute("kind", "corruption") + " " + out.attribute("date", "2025-05-01") + " " + out.attribute("concerns", "project"),
                example: "What was alleged, by whom.",
                about: "kind: espionage | ip-theft | corruption | sanctions-evasion | other; concerns: project | sector; repeat.")
            out.element(
                "label", out.attribute("claimed", "digital-silk-road") + " " + out.attribute("officiallyListed", "false"),
                example: "Who claims it, and where.",
                about: "A branding claim: belt-and-road | digital-silk-road | greater-eurasian-partnership | eaeu-integration; repeat.")
        }
    }

    func sanctionsScreening(_ out: inout TemplateWriter) {
        out.group("sanctionsScreening", about: "Sanctions screening of the parties." + readers("sanctionsScreening")) { out in
            out.element("screenedBy", example: "Compliance team", about: "Who screened.")
            out.element("screenedOn", example: "2026-10-20", about: "When.")
            out.element("list", example: "OFAC SDN", about: "A list screened against; repeat.")
            out.element("result", example: "clear", about: "Required: clear | potential-match | match.")
            out.element("detail", example: "No match.", about: "What was matched.")
        }
    }

    func rationale(_ out: inout TemplateWriter) {
        out.group("rationale", about: "Why the project exists.") { out in
            out.element("demandEvidence", example: "studied", about: "none | announced | studied | contracted." + readers("rationale/demandEvidence"))
            out.element("scope", example: "defined", about: "defined | partial | undefined." + readers("rationale/scope"))
            out.element("statedGoal", example: "What the promoters say it is for.", about: "A stated goal; repeat." + readers("rationale/statedGoal"))
            out.element(
                "initiativeInOfficialPlans", example: "true",
                about: "Do the implementing side's own plans name the partner's initiative?" + readers("rationale/initiativeInOfficialPlans"))
            out.element(
                "dependsOnInitiative", example: "false",
                about: "Does the project need the partner's initiative to go ahead?" + readers("rationale/dependsOnInitiative"))
        }
    }

    func notApplicable(_ out: inout TemplateWriter) {
        out.group(
            "notApplicable",
            about: "What does not apply to this project (delete the element it names), each with its reason; delete this section if all applies."
        ) { out in
            out.element(
                "item", out.attribute("path", "finance/pricing"), example: "Funded by tuition: no price is quoted.",
                about: "path: see the guide, 6.1.")
        }
    }

    func evidence(_ out: inout TemplateWriter) {
        out.group("evidence", about: "The sources every source=\"…\" names, and notes on assumptions.") { out in
            out.group("source", out.attribute("id", "s1"), about: "A source; repeat, each with its own id.") { out in
                out.element("title", example: "Project fact sheet", about: "Required.")
                out.element("date", example: "2026-10", about: "Free form.")
                out.element("reference", example: "A file, URL or case number.", about: "Where to find it.")
            }
            out.element("note", example: "What was assumed, and why.", about: "A note; repeat.")
        }
        out.comment("<extensions> may follow for your own elements; see the guide, 8.12.")
    }
}
