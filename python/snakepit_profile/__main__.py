from snakepit_profile.profile import main

main()
