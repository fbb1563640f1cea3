#!/bin/sh
# shell
echo "hi"



exit 0
