name 'seatgeek-service'
description 'hangar example: a minimal seatgeek-service cookbook for the example fleet'
version '0.1.0'
