"""Data pools of the benchmark's record generator (generate.py): names, phrases, journals, LaTeX.

Kept as data so that the generator's logic stays short; changing a pool changes every
generated file (the generator is deterministic for a given pool and seed).
"""

from __future__ import annotations

# fmt: off
# -- names: plain, non-ASCII, with particles (particle, family), given names -----------------
FAMILIES = (
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Smith",
    "Johnson", "Brown", "Williams", "Jones", "Garcia", "Kim", "Park", "Lee", "Choi", "Tanaka", "Sato",
    "Suzuki", "Takahashi", "O'Brien", "MacDonald", "Fitzgerald", "Patel", "Singh", "Kumar", "Rossi",
    "Bianchi", "Ferrari", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann",
    "Novak", "Horvat", "Kowalski", "Nowak", "Ivanova", "Petrov", "Andersson", "Johansson", "Larsen",
    "Nielsen", "Hansen", "Oliveira", "Costa", "Pereira", "Martin", "Bernard", "Dubois", "Moreau",
    "Virtanen", "Cohen", "Levi", "Haddad", "Okafor",
)
FAMILIES_NON_ASCII = (
    "Müller", "Gómez", "Sánchez", "Pérez", "Fernández", "Rodríguez", "Núñez", "Muñoz", "Ibáñez",
    "Søndergaard", "Jørgensen", "Håkansson", "Åberg", "Öztürk", "Çelik", "Yılmaz", "Şahin", "Dvořák",
    "Novotný", "Kovačević", "Jovanović", "Łukasiewicz", "Wiśniewski", "Grün", "Schäfer", "Köhler",
    "Böhm", "Lefèvre", "Gauß", "Nguyễn", "Lü", "Erdős", "Štěpánek", "Čapek", "Mäkinen", "Sigurðsson",
    "Þórsdóttir", "Françoise", "Brontë", "Ramírez",
)
PARTICLE_FAMILIES = (
    ("van der", "Berg"), ("van den", "Broek"), ("van", "Dijk"), ("de la", "Cruz"), ("de la", "Fuente"),
    ("de", "Souza"), ("da", "Silva"), ("dos", "Santos"), ("di", "Stefano"), ("von", "Braun"),
    ("van der", "Meer"), ("de", "Vries"), ("ter", "Haar"), ("del", "Río"), ("de", "León"),
    ("van", "Gógh"),
)
GIVENS = (
    "John", "Mary", "Wei", "Siyu", "Tao", "Lei", "Hiroshi", "Min-jun", "Ji-woo", "Anna", "Peter",
    "Maria", "David", "Sarah", "Ahmed", "Fatima", "Priya", "Rahul", "Luca", "Giulia", "Lars", "Emma",
    "Olivia", "Fu-Sheng", "Ruonan", "Kenji", "Yuki", "Chloe", "Thomas", "Elena", "Omar", "José",
    "François", "Zoë", "Jürgen", "Łucja", "Ana-María", "Björn", "Søren", "Ségolène", "Íñigo",
    "Małgorzata", "Jiří", "Dóra", "Noémie", "Ramón", "Andrés", "Çağla", "Ömer", "Zoltán", "Hélène",
    "Thérèse", "Ngọc", "Agnès", "Mónica",
)
SUFFIXES = (
    "Jr.", "III", "Sr.",
)
# Corporate authors: no digits and at most six words, as a WPRIM author line allows.
CORPORATE = (
    "Genomics UK Consortium", "WHO Working Group on Clinical Characterisation",
    "Global Burden of Disease Collaboration", "RECOVERY Collaborative Group",
)

# -- titles: START + INTERVENTION + POPULATION + DESIGN ------------------------------------
STARTS = (
    "Safety and efficacy of", "Effect of", "Long-term outcomes of", "Cost-effectiveness of",
    "Association between", "Real-world use of", "Predictors of response to", "Impact of",
    "Diagnosis & management of complications after", "Trends in the use of",
)
INTERVENTIONS = (
    "TNF-α inhibitors", "IL-1β blockade", "human umbilical cord-derived mesenchymal stem cells",
    "metformin", "SGLT2 inhibitors", "PD-1/PD-L1 checkpoint inhibitors", "β-blockers",
    "low-dose aspirin", "CAR-T cell therapy", "mRNA-1273 vaccination", "γ-aminobutyric acid agonists",
    "κ-opioid receptor agonists", "IFN-γ release assays", "5-α reductase inhibitors",
    "remote monitoring & telehealth", "high-flow nasal oxygen", "the rs1800795_G allele",
    "dose_adjusted heparin", "a 50% dose reduction of corticosteroids", "US$ 5 vouchers",
)
POPULATIONS = (
    "in patients with COVID-19", "in older adults with type 2 diabetes", "in children with asthma",
    "in women with HER2-positive breast cancer", "in liver cirrhosis patients with ascites",
    "in critically ill adults", "after hip fracture surgery", "in the UK_Biobank cohort",
    "in patients with esophageal cancer", "among health-care workers", "in pregnant women",
    "in heart failure with reduced ejection fraction (HFrEF)", "in μ-opioid dependent patients",
)
DESIGNS = (
    ": a randomized controlled trial", ": a real-world observation",
    ": a systematic review and meta-analysis", ": a multicentre cohort study",
    ": a cross-sectional survey", ": a prospective and controlled trial", "", "",
    ": results at $50 000 per QALY", ": a Δ-analysis of 12% of admissions",
)

# -- abstracts: sentences by the section of a structured abstract they belong to -----------
ABSTRACT_SENTENCES: dict[str, tuple[str, ...]] = {
    "Background": (
        "The effects of {i} on clinical outcomes {p} have been preliminarily characterized.",
        "However, real-world data on safety and efficacy remain to be reported.",
        "Evidence on the long-term benefit of {i} is limited and partly conflicting.",
        "Whether the response differs by age, sex or baseline risk is unknown.",
        "We therefore assessed {i} {p} over {d} days of follow-up.",
        "Previous trials were small, single-centre and at high risk of bias.",
    ),
    "Methods": (
        "This was a multicenter study in which a contemporaneous external control group was included.",
        "A total of {n} patients were enrolled between January {y} and December {y2}.",
        "The primary outcome was all-cause mortality at {d} days; secondary outcomes included "
        "adverse events and quality of life.",
        "Variables were coded as var_{v} and analysed with mixed-effects models in R.",
        "Sensitivity analyses excluding patients lost to follow-up were prespecified.",
        "Participants were randomly assigned in a 1:1 ratio with stratification by centre & age group.",
        "Missing data (< {pv}% of values) were handled by multiple imputation with {v} data sets.",
        "Two reviewers independently extracted data and assessed risk of bias with RoB 2.",
    ),
    "Results": (
        "Treatment reduced the risk of the primary outcome (hazard ratio {hr}; 95% CI {lo}–{hi}; P < 0.001).",
        "Serum TNF-α and IL-1β concentrations fell by {pc}% compared with baseline (P = 0.0{pv}).",
        "No difference in the incidence of adverse events was observed between the two groups.",
        "Costs were below US$ {c} per patient & year in {pc}% of participants.",
        "The β coefficient for the interaction term was {hr} (SE 0.{pv}), and Δ HbA1c was −0.{pv}%.",
        "Median follow-up was {d} days (IQR {lo}–{hi}), and {pc}% of patients completed the study.",
        "Multivariate regression analysis showed that age ≥ 65 years and male sex were "
        "independent risk factors.",
        "The albumin level rose from ({lo}±{pv}) g/L at week 0 to ({hi}±{pv}) g/L at week 48.",
        "Of {n} patients screened, {pv} were excluded because of missing baseline data.",
        "Heterogeneity across studies was moderate (I² = {pc}%, τ² = 0.{pv}).",
    ),
    "Conclusions": (
        "These findings support further randomized trials with longer follow-up.",
        "Comprehensive and long-term studies are required to confirm the efficacy of {i}.",
        "{i} was safe and well tolerated {p}, with a modest effect on the primary outcome.",
        "Clinicians should weigh the small absolute benefit against costs and adverse effects.",
    ),
}

# -- MeSH headings: descriptors (some inverted, with commas) and qualifiers -----------------
MESH = (
    "Humans", "Female", "Male", "Adult", "Middle Aged", "Aged", "Aged, 80 and over", "Child",
    "Adolescent", "Infant, Newborn", "COVID-19", "SARS-CoV-2", "Lung Neoplasms", "Breast Neoplasms",
    "Diabetes Mellitus, Type 2", "Carcinoma, Non-Small-Cell Lung", "Hypertension",
    "Mesenchymal Stem Cell Transplantation", "Treatment Outcome", "Retrospective Studies",
    "Prospective Studies", "Risk Factors", "Cohort Studies", "Metformin", "Immunotherapy",
    "Tumor Necrosis Factor-alpha", "Interleukin-1beta", "Quality of Life", "Liver Cirrhosis",
    "Esophageal Neoplasms", "Umbilical Cord", "Heart Failure", "Asthma", "Pregnancy",
)
QUALIFIERS = (
    "therapy", "drug therapy", "adverse effects", "epidemiology", "diagnosis", "metabolism",
    "pathology", "genetics", "immunology", "mortality", "surgery", "complications", "blood",
    "diagnostic imaging", "prevention & control", "cytology",
)

# -- journals: (full name, ISO 4 abbreviation, ISSN) ----------------------------------------
JOURNALS = (
    ("Chinese Medical Journal", "Chin. Med. J.", "0366-6999"),
    ("The New England Journal of Medicine", "N. Engl. J. Med.", "0028-4793"),
    ("The Lancet", "Lancet", "0140-6736"),
    ("JAMA: The Journal of the American Medical Association", "JAMA", "0098-7484"),
    ("BMJ", "BMJ", "0959-8138"),
    ("PLoS ONE", "PLoS ONE", "1932-6203"),
    ("Nature Medicine", "Nat. Med.", "1078-8956"),
    ("Journal of Clinical Investigation", "J. Clin. Investig.", "0021-9738"),
    ("Annals of Internal Medicine", "Ann. Intern. Med.", "0003-4819"),
    ("Clinical Infectious Diseases", "Clin. Infect. Dis.", "1058-4838"),
    ("Diabetes Care", "Diabetes Care", "0149-5992"),
    ("European Heart Journal", "Eur. Heart J.", "0195-668X"),
    ("Journal of Clinical Oncology", "J. Clin. Oncol.", "0732-183X"),
    ("Frontiers in Immunology", "Front. Immunol.", "1664-3224"),
    ("Scientific Reports", "Sci. Rep.", "2045-2322"),
    ("BMC Public Health", "BMC Public Health", "1471-2458"),
    ("Deutsches Ärzteblatt International", "Dtsch. Ärztebl. Int.", "1866-0452"),
    ("Revista Médica de Chile", "Rev. Méd. Chile", "0034-9887"),
    ("Journal of Korean Medical Science", "J. Korean Med. Sci.", "1011-8934"),
    ("Chinese Journal of Infectious Diseases", "Chin. J. Infect. Dis.", "1000-6680"),
    ("Stem Cell Research & Therapy", "Stem Cell Res. Ther.", "1757-6512"),
    ("Obstetrics & Gynecology", "Obstet. Gynecol.", "0029-7844"),
    ("Alzheimer's & Dementia", "Alzheimers Dement.", "1552-5260"),
    ("American Journal of Respiratory and Critical Care Medicine", "Am. J. Respir. Crit. Care Med.",
     "1073-449X"),
    ("Journal of Allergy and Clinical Immunology", "J. Allergy Clin. Immunol.", "0091-6749"),
    ("Proceedings of the National Academy of Sciences of the United States of America",
     "Proc. Natl. Acad. Sci. U.S.A.", "0027-8424"),
    ("Medicina Clínica", "Med. Clín.", "0025-7753"),
    ("Journal of Hepatology", "J. Hepatol.", "0168-8278"),
    ("International Journal of Epidemiology", "Int. J. Epidemiol.", "0300-5771"),
    ("Journal of Infection and Public Health", "J. Infect. Public Health", "1876-0341"),
)
DOI_PREFIXES = (
    "10.1097/CM9.", "10.1056/NEJMoa", "10.1016/S0140-6736(", "10.1136/bmj.", "10.1186/s13287-",
    "10.1038/s41591-", "10.1172/JCI", "10.7326/M", "10.1093/cid/",
)
MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)
WPRIM_LABELS = {
    "Background": "BACKGROUND", "Methods": "METHODS", "Results": "RESULTS",
    "Conclusions": "CONCLUSIONS",
}

# -- LaTeX: accents for names, math for Greek and symbols (used in about half the records) --
LATEX_ACCENTS = {
    "á": "{\\'a}", "é": "{\\'e}", "í": "{\\'\\i}", "ó": "{\\'o}", "ú": "{\\'u}", "ý": "{\\'y}",
    "É": "{\\'E}", "Í": "{\\'I}", "à": "{\\`a}", "è": "{\\`e}", "ä": "{\\\"a}", "ë": "{\\\"e}",
    "ï": "{\\\"\\i}", "ö": "{\\\"o}", "ü": "{\\\"u}", "Ä": "{\\\"A}", "Ö": "{\\\"O}", "Ü": "{\\\"U}",
    "â": "{\\^a}", "ê": "{\\^e}", "î": "{\\^\\i}", "ô": "{\\^o}", "û": "{\\^u}", "ñ": "{\\~n}",
    "ã": "{\\~a}", "õ": "{\\~o}", "ç": "{\\c{c}}", "ş": "{\\c{s}}", "Ş": "{\\c{S}}", "Ç": "{\\c{C}}",
    "č": "{\\v{c}}", "š": "{\\v{s}}", "ž": "{\\v{z}}", "ř": "{\\v{r}}", "ě": "{\\v{e}}",
    "Č": "{\\v{C}}", "Š": "{\\v{S}}", "Ž": "{\\v{Z}}", "ő": "{\\H{o}}", "ű": "{\\H{u}}", "ø": "{\\o}",
    "Ø": "{\\O}", "å": "{\\aa}", "Å": "{\\AA}", "æ": "{\\ae}", "ß": "{\\ss}", "ł": "{\\l}",
    "Ł": "{\\L}", "ğ": "{\\u{g}}", "ı": "{\\i}", "ś": "{\\'s}", "ń": "{\\'n}", "ć": "{\\'c}",
    "ź": "{\\'z}", "ż": "{\\.z}", "ą": "{\\k{a}}", "ę": "{\\k{e}}",
}
LATEX_MATH = {
    "α": "$\\alpha$", "β": "$\\beta$", "γ": "$\\gamma$", "δ": "$\\delta$", "κ": "$\\kappa$",
    "μ": "$\\mu$", "Δ": "$\\Delta$", "≥": "$\\geq$", "≤": "$\\leq$", "±": "$\\pm$", "×": "$\\times$",
    "<": "$<$", ">": "$>$", "−": "$-$", "–": "--", "²": "$^2$", "τ": "$\\tau$",
    # As Web of Science and publishers' .bib files write them inside running text.
    "Σ": "{$\\Sigma$}", "⁰": "$^{0}$", "⁻": "$^{-}$", "³": "$^{3}$", "λ": "{$\\lambda$}",
}
#: Sentences full of math and symbols (written with LaTeX math in half the .bib entries),
#: as in real abstracts: IL-1β, ΔCt, 5 μg/mL, p < 0.05, 2 × 10⁻³, Σ⁰.
MATH_SENTENCES: tuple[str, ...] = (
    "Serum IL-1β fell from {a} to {b} μg/mL (Δ = {c} ± {d}; p < 0.05).",
    "The ΔCt of TNF-α was {c} ± {d} after {i} (p ≤ 0.01).",
    "Cells were seeded at {a} × 10⁻³ per well and treated with {b} μg/mL for 24 h.",
    "Σ⁰ and λ were estimated by maximum likelihood (κ = 0.{a}, τ² = {d}).",
    "Doses of {a} ± {d} mg/m² were well tolerated; γ-GT rose in {b}% (p < 0.001).",
)
SPECIALS = {
    "&": "\\&", "%": "\\%", "_": "\\_", "$": "\\$", "#": "\\#",
}
# Letters that NFKD does not take apart, for ASCII cite keys.
KEY_LETTERS = {
    "ø": "o", "ł": "l", "ß": "ss", "ð": "d", "þ": "th", "æ": "ae", "ı": "i",
}
# fmt: on
