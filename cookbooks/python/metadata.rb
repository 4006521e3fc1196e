name 'python'
description 'hangar example: a minimal python cookbook for the example fleet'
version '0.1.0'
