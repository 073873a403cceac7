"""The article texts of the benchmark pages (written for eventline's tests; not copied
from any publication). Each entry: the page's file stem, its metadata, and the article
body as paragraphs. ``build.py`` wraps each in a different news-site layout."""

ARTICLES = [
    {
        "stem": "01-wordpress-comments",
        "title": "Beijing and Moscow sign grain corridor memorandum",
        "author": "Maria Ellison",
        "site": "The Harbour Ledger",
        "published": "2024-03-12",
        "paragraphs": [
            "China and Russia signed a memorandum on a new grain corridor on Monday, March 11, "
            "2024, committing state railways on both sides to carry wheat and barley through "
            "the Zabaikalsk crossing from the summer onwards.",
            "The document was signed in Harbin by officials from the two agriculture "
            "ministries. Russian exporters have complained for years that the crossing is "
            "too slow, and the memorandum promises a second loading terminal by the end of "
            "2025.",
            "Kazakhstan, whose own grain traders use the same rail lines, said it had not been "
            "consulted. A spokesman for its transport ministry told reporters on Tuesday that "
            "Astana would ask for talks before the terminal opens.",
            "Analysts at a Shanghai commodities house said the volumes involved were modest. "
            "China imported about 1.5 million tonnes of Russian grain in 2023, a small share "
            "of its total purchases, most of which still arrive by sea from Brazil and "
            "Australia.",
            "The memorandum does not set prices. Those will be agreed in separate contracts, "
            "the first of which are expected to be signed in June.",
        ],
    },
    {
        "stem": "02-jsonld-cookie-related",
        "title": "EU foreign ministers extend sanctions on Belarus",
        "author": "Tomas Reiner",
        "site": "Continental Dispatch",
        "published": "2023-02-27",
        "paragraphs": [
            "European Union foreign ministers agreed on Monday to extend sanctions against "
            "Belarus for another year, citing Minsk's continued support for Russia's war in "
            "Ukraine.",
            "The measures, first imposed in 2020 after a disputed presidential election, freeze "
            "the assets of more than two hundred officials and bar them from travelling to the "
            "bloc. Ministers added eleven names to the list, among them two judges and the "
            "director of a state television channel.",
            "Lithuania had pushed for a ban on Belarusian potash moving through its port of "
            "Klaipeda to be written into the package. That proposal was dropped after Hungary "
            "objected, diplomats said, and will be discussed again in April.",
            "Belarus's foreign ministry condemned the decision as economic warfare and said it "
            "would respond. It did not say how.",
            "The ministers also discussed a plan to use frozen Russian central bank assets to "
            "pay for Ukraine's reconstruction, but reached no decision.",
        ],
    },
    {
        "stem": "03-opengraph-share-byline",
        "title": "Turkey hosts fresh round of Black Sea shipping talks",
        "author": "Leyla Arslan",
        "site": "Straits Review",
        "published": "2023-11-02",
        "paragraphs": [
            "Turkey hosted a new round of talks on Black Sea shipping in Istanbul on Thursday, "
            "bringing together Ukrainian and Russian delegations for the first time since the "
            "grain deal collapsed in July.",
            "The delegations did not meet face to face. Turkish officials carried proposals "
            "between two rooms in the Dolmabahce Palace for most of the day, according to a "
            "diplomat who was present.",
            "Ukraine wants guarantees that merchant ships heading to Odesa will not be "
            "attacked. Russia is demanding that Western countries reconnect its agricultural "
            "bank to the SWIFT payment system, a condition Kyiv rejects.",
            "Turkish Foreign Minister Hakan Fidan said after the talks that the two sides had "
            "agreed to meet again before the end of the year. He gave no date.",
            "Insurance rates for ships calling at Ukrainian ports have fallen since August, "
            "when Kyiv began sending vessels along a route hugging the Romanian and Bulgarian "
            "coasts.",
        ],
    },
    {
        "stem": "04-no-date",
        "title": "Mongolia weighs rail link proposals from its two neighbours",
        "author": None,
        "site": "Steppe Notes",
        "published": None,
        "paragraphs": [
            "Mongolia's government is studying two competing proposals for a rail line across "
            "the Gobi desert, one financed by China and one backed by Russia, officials in "
            "Ulaanbaatar said.",
            "The Chinese plan would link the coal mines at Tavan Tolgoi with the border "
            "crossing at Gashuunsukhait. The Russian proposal would upgrade the older "
            "Trans-Mongolian line that runs north to Ulan-Ude.",
            "Mongolia's prime minister visited Beijing in November 2023 and Moscow in February "
            "2024, and both trips ended with statements praising closer transport ties. Neither "
            "visit produced a signed agreement.",
            "Mining companies favour the southern route, which would cut the cost of moving "
            "coal to Chinese steel mills. Herders in the Gobi have protested against the "
            "project, saying that fences along the track would block the migration of their "
            "animals.",
        ],
    },
    {
        "stem": "05-legacy-iso-8859-2",
        "title": "Poland and Lithuania open new border crossing",
        "author": "Jan Wr\u00f3bel",
        "site": "Ba\u0142tyk Weekly",
        "published": "2024-05-20",
        "encoding": "iso-8859-2",
        "paragraphs": [
            "Poland and Lithuania opened a new road crossing near Bud\u017aisko on Monday, the "
            "first to be built on their shared border since both countries joined the European "
            "Union in 2004.",
            "The crossing was inaugurated by the two transport ministers, who drove across it "
            "together in a minibus from \u0141\u00f3d\u017a. Lorries will be allowed to use it "
            "from June.",
            "The border runs through the Suwa\u0142ki gap, a narrow strip of land between "
            "Belarus and the Russian exclave of Kaliningrad. NATO planners have long worried "
            "that the gap would be hard to defend, and the new road was partly paid for from "
            "military mobility funds.",
            "Lithuania's president, Gitanas Naus\u0117da, said the road showed that the two "
            "allies were \u201cnot waiting for someone else to secure our corridor\u201d. "
            "Belarus said the crossing was a provocation.",
        ],
    },
    {
        "stem": "06-liveblog",
        "title": "Live: UN Security Council meets on Sudan",
        "author": "Newsroom staff",
        "site": "World Desk Live",
        "published": "2024-06-18",
        "paragraphs": [
            "The UN Security Council is meeting in New York to discuss the fighting around El "
            "Fasher in Sudan. Follow our live coverage below.",
            "11:45 \u2014 Sudan's envoy welcomed the vote and accused the United Arab Emirates "
            "of arming the Rapid Support Forces, a charge the Emirates have denied.",
            "11:30 \u2014 The resolution passed with fourteen votes in favour. Russia "
            "abstained.",
            "10:15 \u2014 The United States urged all members to back the resolution. "
            "Washington also announced $315 million in new humanitarian aid for Sudan and its "
            "neighbours.",
            "09:40 \u2014 Russia's ambassador said Moscow could not support language that "
            "\u201cpicks a side\u201d in the conflict. Diplomats said a Russian veto was "
            "possible but not certain.",
            "09:05 \u2014 Britain, which drafted the resolution, said it wants a vote by the "
            "end of the day. The text demands that the Rapid Support Forces lift their siege of "
            "the city.",
        ],
    },
    {
        "stem": "07-drupal-breadcrumbs",
        "title": "Japan and the Philippines agree to joint coast guard patrols",
        "author": "Hiro Tanaka",
        "site": "Pacific Affairs Bulletin",
        "published": "2022-09-14",
        "paragraphs": [
            "Japan and the Philippines agreed on Wednesday to hold joint coast guard patrols "
            "in the South China Sea, in a move likely to anger Beijing.",
            "The agreement was announced in Manila after a meeting between the two countries' "
            "foreign ministers. Japanese patrol vessels will visit Philippine ports four times "
            "a year, and crews will train together in search and rescue.",
            "China's foreign ministry said the next day that countries outside the region "
            "should not \u201cstir up trouble\u201d in the South China Sea.",
            "Manila has complained repeatedly about Chinese coast guard ships blocking supply "
            "missions to a grounded navy vessel at Second Thomas Shoal. In August, a Chinese "
            "ship fired a water cannon at a Philippine boat there.",
            "Japan has already agreed to supply the Philippines with five more patrol boats, "
            "the first of which is due to arrive in 2023.",
        ],
    },
    {
        "stem": "08-ghost-newsletter",
        "title": "India and Saudi Arabia sign refinery investment deal",
        "author": "Priya Raman",
        "site": "Gulf and Subcontinent",
        "published": "2023-09-11",
        "paragraphs": [
            "India and Saudi Arabia signed an agreement on Monday to move ahead with a long "
            "delayed refinery on India's west coast, during a state visit by Crown Prince "
            "Mohammed bin Salman to New Delhi.",
            "Saudi Aramco will take a stake in the project, which was first announced in 2018 "
            "but stalled after farmers in Maharashtra refused to give up their land. Officials "
            "said a new site had been found but did not name it.",
            "The two governments also agreed to study an undersea power cable linking the "
            "Saudi grid to India's, and to set up a joint fund for renewable energy projects.",
            "Trade between the two countries reached $52 billion last year, most of it Indian "
            "purchases of Saudi crude. New Delhi has been buying more oil from Russia since "
            "2022, and Riyadh has tried to win back market share.",
        ],
    },
    {
        "stem": "09-table-layout-text-date",
        "title": "Chile and Argentina settle dispute over glacier boundary",
        "author": "Carlos Medina",
        "site": "Andes Correspondent",
        "published": "2021-03-03",
        "paragraphs": [
            "Chile and Argentina have settled a decades-old dispute over the boundary that "
            "crosses the Southern Patagonian Ice Field, the two governments announced on "
            "Wednesday.",
            "The agreement, signed in Santiago by the two foreign ministers, draws the line "
            "along a series of peaks that surveyors mapped in 2019 and 2020 using satellite "
            "images. Neither side gains or loses much territory.",
            "The dispute had held up the creation of a joint national park and blocked "
            "scientists from setting up monitoring stations on the glaciers, which are "
            "shrinking quickly.",
            "Argentina's Congress must still ratify the treaty. Opposition lawmakers in Buenos "
            "Aires said they would study the maps carefully before voting.",
        ],
    },
    {
        "stem": "10-wire-dateline-readmore",
        "title": "Serbia and Kosovo leaders meet in Brussels",
        "author": "Ana Petrovic",
        "site": "Balkan Wire",
        "published": "2025-01-17",
        "paragraphs": [
            "BRUSSELS, Jan 17 (Balkan Wire) - The leaders of Serbia and Kosovo met in Brussels "
            "on Friday for talks hosted by the European Union, their first meeting in more "
            "than a year.",
            "The talks focused on an agreement reached in 2023 under which Serbia would "
            "recognise Kosovo's passports and licence plates, and Kosovo would create an "
            "association of Serb-majority municipalities. Neither side has done what it "
            "promised.",
            "The EU's foreign policy chief said after the meeting that both leaders had "
            "committed to carry out their obligations, but diplomats said little progress had "
            "been made.",
            "Serbia's president accused Kosovo of expelling Serb police officers from the "
            "north. Kosovo's prime minister said Belgrade was still funding parallel "
            "institutions in the region.",
            "The United States and Germany have threatened to withhold investment from both "
            "countries if the agreement is not implemented by the summer.",
        ],
    },
    {
        "stem": "11-magazine-microdata-disqus",
        "title": "Norway and Russia renew fishing quota agreement",
        "author": "Ingrid Solberg",
        "site": "Northern Seas Magazine",
        "published": "2024-10-25",
        "paragraphs": [
            "Norway and Russia renewed their annual agreement on fishing quotas in the Barents "
            "Sea on Friday, one of the few areas in which the two neighbours still cooperate.",
            "The joint fisheries commission, which has met every year since 1976, set the cod "
            "quota for 2025 at its lowest level in more than three decades. Scientists on both "
            "sides have warned that stocks are falling.",
            "The talks were held by video link. Norway has barred Russian officials from "
            "travelling to Oslo since 2022, and Russian trawlers may land their catch only at "
            "three northern ports.",
            "Norwegian fishing groups welcomed the agreement but criticised the cuts. Russia's "
            "fisheries agency said it would ask for a higher quota next year.",
        ],
    },
    {
        "stem": "12-amp-graph-modified",
        "title": "Vietnam and South Korea upgrade ties to strategic partnership",
        "author": "Minh Nguyen",
        "site": "Mekong Times",
        "published": "2022-12-05",
        "paragraphs": [
            "Vietnam and South Korea upgraded their relations to a comprehensive strategic "
            "partnership on Monday, during a visit to Seoul by Vietnam's president.",
            "The two countries signed agreements on critical minerals, nuclear power "
            "training and labour migration. South Korea is already the largest foreign "
            "investor in Vietnam, where Samsung builds about half of its smartphones.",
            "Vietnam's president invited South Korea's leader to visit Hanoi in 2023, and the "
            "invitation was accepted, officials said.",
            "The upgrade puts South Korea on the same footing as China, Russia and India in "
            "Vietnam's diplomatic hierarchy.",
        ],
    },
    {
        "stem": "13-canonical-url-date",
        "title": "Egypt hosts Gaza ceasefire talks",
        "author": "Omar Haddad",
        "site": "Nile Observer",
        "published": "2023-07-14",
        "paragraphs": [
            "Egypt hosted talks on a Gaza ceasefire in Cairo on Friday, with delegations from "
            "Qatar and the United States joining Egyptian mediators.",
            "Egyptian officials said the talks focused on a prisoner exchange and the "
            "reopening of the Rafah crossing for aid lorries. Israel did not send a "
            "delegation but was briefed by telephone.",
            "Qatar's prime minister said the gaps between the two sides had narrowed, but "
            "warned that no agreement was close.",
            "The talks will resume next week, an Egyptian official said.",
        ],
    },
]
