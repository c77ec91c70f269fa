# Figures as Latin American readers write them: 1.530.000 (Django's Spanish
# default groups with a space).
THOUSAND_SEPARATOR = "."
