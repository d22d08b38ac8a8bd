"""English words that tell who is speaking: titles and occupations before a name, words that
are not names, gender words, the last words of bodies' names; the regular expressions built from
them."""

import re

TITLE_WORDS = (
    "Mayor|Governor|Gov\\.|Senator|Sen\\.|Representative|Rep\\.|President|Vice|Secretary|"
    "Minister|Prime|Chancellor|Chief|Councilman|Councilwoman|Councillor|Councilor|Council|Member|"
    "Commissioner|Director|Budget|Dr\\.|Doctor|Professor|Prof\\.|Judge|Justice|General|Gen\\.|"
    "Colonel|Col\\.|Captain|Capt\\.|Sheriff|Officer|Detective|Mr\\.|Mrs\\.|Ms\\.|Miss|Rev\\.|"
    "Speaker|Leader|Chairman|Chairwoman|Chair|Superintendent|Ambassador|Attorney|Press|"
    "Spokesperson|Spokesman|Spokeswoman|Deputy|Assistant|Lt\\.|Sgt\\.|Coach|Bishop|Pope|King|"
    "Queen|Prince|Princess|Lord|Lady|Sir|Dame|Premier|Treasurer|Auditor|Comptroller|Trustee|"
    "Executive|Clerk|Administrator|Supervisor|Alderman|Alderwoman|Alderperson|Assemblyman|"
    "Assemblywoman|Assemblymember|Councilmember|Delegate|Inspector|Marshal|Constable|Dean|"
    "Provost|Warden|Coroner|Sergeant|Lieutenant|Major|Admiral|Commander|Principal|Pastor|"
    "Rabbi|Imam|Father|Solicitor|Registrar|Controller|Recorder|Assessor|Selectman|"
    "Selectwoman|Magistrate|Ombudsman|Surgeon General|Chairperson|Administrator")
TITLES = frozenset(t.replace("\\", "") for t in TITLE_WORDS.split("|"))
# Occupations that open a sentence capitalised: "Economist Jonathan Pryce says …".
OCCUPATIONS = frozenset((
    "Economist", "Analyst", "Lawyer", "Lawmaker", "Legislator", "Activist", "Researcher",
    "Scientist", "Expert", "Historian", "Resident", "Nurse", "Teacher", "Author", "Executive",
    "Founder", "CEO", "Manager", "Official", "Candidate", "Adviser", "Advisor", "Strategist",
    "Pollster", "Organizer", "Organiser", "Protester", "Witness", "Farmer", "Owner", "Student",
    "Physician", "Surgeon", "Epidemiologist", "Engineer", "Economists", "Spokesperson", "Envoy",
    "Diplomat", "Prosecutor", "Minister", "Lawmakers", "Legislators", "Chairperson", "Negotiator"))
OCCUPATION_WORDS = "|".join(sorted(OCCUPATIONS))
NAME = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
# A title or an occupation, capitalised or not ("Mayor Elena Ruiz", "climate minister Kim
# Ha-neul"), then a capitalised name.
LOWER_TITLES = ("member|executive|clerk|chief|administrator|supervisor|"
                 "mayor|governor|senator|representative|president|secretary|minister|chancellor|"
                 "commissioner|director|professor|judge|sheriff|detective|ambassador|attorney|"
                 "spokesperson|spokesman|spokeswoman|treasurer|lawmaker|economist|analyst|lawyer|"
                 "legislator|activist|researcher|scientist|historian|official|adviser|advisor|"
                 "strategist|pollster|epidemiologist|prosecutor|negotiator|chairman|chairwoman")
TITLED = re.compile(rf"\b(?:{TITLE_WORDS}|{OCCUPATION_WORDS}|(?i:{LOWER_TITLES}))"
                     rf"\s+((?:{NAME}\s+){{0,2}}{NAME})")
# What tells whether a person is she or he, besides the pronouns the text already gave them.
FEMALE_WORDS = frozenset(("ms.", "mrs.", "miss", "madam", "lady", "dame", "queen", "princess",
                           "sister", "mother", "spokeswoman", "chairwoman", "councilwoman",
                           "congresswoman", "alderwoman", "assemblywoman", "businesswoman",
                           "stuntwoman", "policewoman", "sportswoman", "anchorwoman"))
MALE_WORDS = frozenset(("mr.", "sir", "lord", "king", "prince", "brother", "father", "spokesman",
                         "chairman", "councilman", "congressman", "alderman", "assemblyman",
                         "businessman", "policeman", "sportsman", "anchorman", "selectman"))
# Not a first name: a sentence that starts "The Farm…" or "Health officials…" names nobody.
NOT_FIRST = frozenset([
    "The", "A", "An", "One", "Some", "Several", "Many", "Most", "Other", "This", "That", "These", "Those",
    "Health", "City", "State", "County", "Police", "Residents", "Officials", "Critics", "Experts",
    "Analysts", "Not", "Every", "Each", "Both", "No",
])
LEADING = frozenset([
    "But", "And", "Later", "Still", "Yet", "So", "Then", "Meanwhile", "Now", "Instead", "However", "Asked",
])
TRAILING = frozenset([
    "later", "also", "then", "again", "once", "previously", "recently", "earlier", "first", "finally",
])
PRONOUNS = frozenset(("he", "she", "they"))
# The last word of an organisation's name: "Bank of Korea", "Ministry of Finance".
BODIES = frozenset(("Bank", "Ministry", "Department", "University", "Institute", "Office", "Party",
                     "Association", "Union", "Federation", "Committee", "Agency", "Bureau", "Board",
                     "Court", "Commission", "Center", "Centre", "Foundation", "Corporation",
                     "Company", "Group", "Service", "League", "Chamber", "Government", "Embassy",
                     "Council", "School", "College", "Hospital", "Museum", "Fund", "Authority",
                     "Holdings", "Industries", "Inc", "Ltd", "Airlines", "Motors", "Technologies",
                     "Enterprises"))
# The words a company's name ends in: `the company`, `the firm` is the last body named so.
COMPANIES = frozenset(("Corporation", "Company", "Group", "Holdings", "Industries", "Inc", "Ltd",
                       "Airlines", "Motors", "Technologies", "Enterprises"))
COMPANY_WORDS = frozenset(("company", "firm", "corporation", "manufacturer", "carmaker", "airline",
                           "employer", "business", "retailer", "supplier", "operator"))
# Words after a full name that start what is said about the person, not the name.
AFTER_NAME = frozenset(("of", "at", "for", "from", "with", "in"))
# Words that make a phrase a clause or a list, not a descriptor and a name.
NOT_DESCRIPTORS = frozenset(("a", "an", "and", "or", "but", "nor", "who", "whom", "which", "that",
                              "whose", "when", "while", "as", "if", "after", "before", "because",
                              "where", "to", "by", "on", "of", "at", "for", "from", "with", "in",
                              "is", "was", "were", "are", "has", "had", "have", "not", "also"))
INDEFINITE = frozenset(("a", "an", "one", "some", "several", "many", "two", "three", "officials",
                         "residents", "critics", "experts", "analysts", "sources", "people"))

# Transcript labels: words of unnamed voices, offices of a sitting, header keys, event names,
# and heading words in title case (none of them a speaker's name).
# Words of a label that name nobody: SPEAKER FROM AUDIENCE, UNKNOWN SPEAKER, RESIDENT.
UNNAMED_WORDS = frozenset(("AUDIENCE", "UNIDENTIFIED", "UNKNOWN", "VOICE", "VOICES", "CROWD",
                            "GALLERY", "FLOOR", "MULTIPLE", "COMMENTER", "COMMENTERS", "CALLER",
                            "RESIDENT", "RESIDENTS", "PROTESTER", "PROTESTERS", "HECKLER",
                            "ATTENDEE", "PARTICIPANT", "PARTICIPANTS", "MALE", "FEMALE", "OFF-MIC",
                            "OFF-CAMERA", "INAUDIBLE", "CROSSTALK", "GROUP"))
# Who runs a sitting or keeps its record, with THE or without: never a claim's speaker.
SITTING_OFFICES = frozenset(("CHAIR", "CHAIRMAN", "CHAIRWOMAN", "CHAIRPERSON", "CO-CHAIR",
                              "VICE CHAIR", "CLERK", "DEPUTY CLERK", "CITY CLERK", "SECRETARY",
                              "PRESIDING OFFICER", "PRESIDING JUDGE", "SPEAKER", "COURT",
                              "BAILIFF", "WITNESS", "INTERPRETER", "PARLIAMENTARIAN",
                              "SERGEANT AT ARMS", "RECORDER", "COURT REPORTER", "STENOGRAPHER",
                              "MODERATOR", "HOST", "TIMEKEEPER"))
EN_NOT_LABELS = frozenset(("NOTE", "EDITOR'S NOTE", "UPDATE", "SOURCE", "TRANSCRIPT", "PHOTO",
                            "VIDEO", "CORRECTION", "WATCH", "RELATED", "READ MORE", "SUBSCRIBE",
                            "WARNING", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION", "URL",
                            "TIME", "DATE", "LOCATION", "PLACE", "SUBJECT", "RE", "FROM", "TO",
                            "TITLE", "EVENT", "VENUE", "TOPIC", "PARTICIPANTS", "ATTENDEES",
                            "PRESENT", "PANELISTS", "PANELLISTS", "PANEL", "GUESTS", "SPEAKERS",
                            "IN ATTENDANCE", "FEATURING", "PROGRAM", "PROGRAMME", "EPISODE",
                            "AIRED", "AIR DATE", "RECORDED", "CONTACT", "MEDIA CONTACT",
                            "PRESS CONTACT", "FOR IMMEDIATE RELEASE", "EMBARGOED", "DATELINE"))
# The name of an event heading a transcript (PRESS CONFERENCE: …, PUBLIC WORKS BRIEFING: …).
EVENT_WORDS = frozenset(("CONFERENCE", "BRIEFING", "HEARING", "MEETING", "INTERVIEW",
                          "TRANSCRIPT", "SESSION", "STATEMENT", "REMARKS", "SUMMIT", "DEBATE",
                          "FORUM", "TOWN HALL", "WEBINAR", "PODCAST", "BROADCAST", "PROCEEDINGS",
                          "MINUTES", "AGENDA", "RELEASE", "ADVISORY", "NOTICE"))
# Words of a heading in title case (`Key Findings:`, `Next Steps:`): never a name.
HEADING_WORDS = frozenset((
    "Key", "Findings", "Next", "Steps", "Summary", "Note", "Notes", "Update", "Background",
    "Context", "Source", "Sources", "Bottom", "Line", "What", "Why", "How", "Who", "When", "Where",
    "The", "Our", "Your", "My", "Step", "Part", "Chapter", "Section", "Question", "Answer",
    "Editor", "Correction", "Related", "Read", "More", "Photo", "Video", "Watch", "Listen", "Also",
    "See", "Top", "Main", "Latest", "Live", "Breaking", "Fact", "Check", "Verdict", "Claim",
    "Rating", "Timeline", "Day", "Week", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "Date", "Time", "Place", "Location", "Event", "Topic", "Subject", "Title",
    "Posted", "Updated", "Published", "Filed", "Contact", "Email", "Phone", "Tags", "Category",
    "Share", "Follow", "Subscribe", "Sign", "Log", "Terms", "Privacy", "Copyright", "All",
    "Rights", "Reserved", "Disclaimer", "Warning", "Caution", "Tip", "Tips", "Lesson", "Lessons",
    "Takeaway", "Takeaways", "Result", "Results", "Conclusion", "Introduction", "Overview",
    "Details", "Facts", "Figures", "Numbers", "Quote", "Quotes", "Price", "Cost", "Total",
    "Agenda", "Item", "Items", "Motion", "Vote", "Votes", "Status", "Outcome", "Decision",
    "Recommendation", "Recommendations", "Action", "Actions", "Issue", "Issues", "Problem",
    "Solution", "Goal", "Goals", "First", "Second", "Third", "Last", "Final", "New", "Old",
    "Breaking", "Exclusive", "Analysis", "Opinion", "Review", "Reviews", "Comment", "Comments",
    "Reader", "Readers", "Letter", "Letters", "Press", "Release", "Statement", "Report",
))

# English quoted speech (english.py): the saying verbs, and the words around a quote that
# say it names a work, opens a sentence or starts a clause.
# A quote right after one of these names a work, a sign or a label, not speech.
TITLE_CUES = frozenset([
    "memoir", "book", "novel", "film", "movie", "song", "album", "show", "series", "titled", "entitled",
    "called", "dubbed", "nicknamed", "so-called", "reading", "slogan", "headline", "column", "documentary",
    "play", "poem", "essay", "report", "phrase", "term", "word", "words",
])

# Words for a work or a wording: its title follows right after (`the report "…"`).
WORKS = frozenset(("memoir", "book", "novel", "film", "movie", "song", "album", "show", "series",
                   "slogan", "headline", "column", "documentary", "play", "poem", "essay",
                   "report", "phrase", "term", "word", "words"))

SAYING_VERBS = (r"said|says|say|told|tells|added|adds|explained|explains|warned|warns|"
                r"insisted|insists|noted|notes|argued|argues|wrote|writes|continued|recalled|recalls|replied|"
                r"responded|admitted|claimed|claims|declared|acknowledged|stated|states|conceded|"
                r"cautioned|predicted|promised|vowed|boasted|complained|concluded")

# Words that may open a sentence before its subject.
LEADING_WORDS_EN = frozenset(("But", "And", "Later", "Still", "Yet", "So", "Then", "Meanwhile",
                              "Now", "Instead", "However", "Earlier", "Afterward", "Afterwards"))
# A verb phrase that holds one of these is a clause with its own subject, not the speaker's.
CLAUSE_WORDS = frozenset(("that", "which", "who", "because", "when", "while", "if", "said",
                          "says"))
SUBJECT_PRONOUNS = frozenset(("He", "She", "They"))
