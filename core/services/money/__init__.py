"""Money: the ledger, payments and their inbox, bonds, fees, exchange rates, a buyer's exposure."""
