"""The general Swedish 1-5 scales' labels, which both OCR (extract) and normalising read by."""

PROBABILITY_SCALE = {1: "Osannolikt", 2: "Mindre sannolikt", 3: "Möjlig", 4: "Sannolikt",
                     5: "Mycket sannolikt"}
CONSEQUENCE_SCALE = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig",
                     5: "Mycket allvarlig"}
# every value probability x consequence can take on the 1-5 scales
RISK_VALUES = {p * k for p in range(1, 6) for k in range(1, 6)}
