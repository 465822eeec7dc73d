//go:build goexperiment.greenteagc

package main

const greenTea = true
