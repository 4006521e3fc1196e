# The ops login every node has.
user 'ops' do
  manage_home true
  shell '/bin/bash'
end
