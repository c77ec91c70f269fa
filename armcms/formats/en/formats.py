# Dates as the organisation writes them, day first and the month in full
# ("11 May 2020"): Django's English default abbreviates some months and not
# others ("Sept. 30", "May 4").
DATE_FORMAT = "j F Y"
