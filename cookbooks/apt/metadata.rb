name 'apt'
description 'hangar example: a minimal apt cookbook for the example fleet'
version '0.1.0'
