name 'seatgeek'
description 'hangar example: a minimal seatgeek cookbook for the example fleet'
version '0.1.0'
