name 'nginx'
description 'hangar example: a minimal nginx cookbook for the example fleet'
version '0.1.0'
