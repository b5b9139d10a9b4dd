# Sourced by the end-to-end scripts that build a copy of the kit (the student release, the
# autograder), with $build set to the suite's BUILD_DIR.
# seed_objects DIR: copies the objects this suite's build already compiled (same sources, same flags)
# into DIR/build/obj, so that the copy compiles only what differs from them (the labs' files, the
# release's stand-ins: newer sources) instead of the whole kit again. Not when this suite runs on a
# SAN=1 build (BUILD_DIR build/san), whose flags differ from the copy's normal build.
seed_objects() {
    [ "$build" = build ] && [ -d build/obj/lib ] || return 0
    mkdir -p "$1/build/obj/tests"
    cp -a build/obj/lib build/obj/labs "$1/build/obj/"
    cp -a build/obj/tests/graded build/obj/tests/unit "$1/build/obj/tests/"
    # and the sanitizer pass's own build (build/san: the kit's library, its runner and the labs'
    # glue under ASan and UBSan, made by the same Makefile with the same flags in the copy)
    if [ -d build/san/obj/lib ]; then
        mkdir -p "$1/build/san/obj"
        cp -a build/san/obj/lib "$1/build/san/obj/"
        [ -d build/san/obj/labs ] && cp -a build/san/obj/labs "$1/build/san/obj/"
    fi
    return 0
}
