"""Qt-free domain of Récolte: records, clock, commands, demo event, rules."""
