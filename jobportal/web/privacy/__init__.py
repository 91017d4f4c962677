"""Privacy area: "Meine Daten" (export, account erasure) and the retention command."""
