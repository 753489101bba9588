"""``labelaudit extract``: label a file or folder of reports into a CheXpert-format CSV."""
