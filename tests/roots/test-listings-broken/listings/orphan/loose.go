// A Go file outside any module: nothing compiles it, so the runner reports it.
package loose
