"""amtui: a terminal workspace for one account manager and their book of business."""

from amtui.drivers import hide_server_drivers

__version__ = "0.1.0"

# peewee would import the PostgreSQL driver at every start; a server book loads it itself
hide_server_drivers()
