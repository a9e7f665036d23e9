"""The development interview pages, by subject: booking and slots (`booking`), the record of
one interview (`records`) and the overview per team (`overview`)."""
